// Generic instructions -> threaded code.
//
// Each generic op becomes zero or more interpreter instructions (instrs.def).
// Labels are emitted as offsets first and patched to absolute addresses once
// the code vector is complete (it never moves afterwards).
#include "loader/loader.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "bif/bif.h"
#include "interp/exception.h"
#include "interp/instr.h"
#include "interp/interp.h"
#include "interp/interp_ops.h"
#include "interp/operand.h"
#include "term/atom_table.h"
#include "term/binary.h"

namespace girder {

using beam::BeamFile;
using beam::GenericOp;
using beam::Operand;
using beam::OperandKind;
using beam::OperandSpan;

namespace {

// The native code of M:F/A from the BIF table. Remote calls see only BIF
// rows (exported functions); a module's own code also sees its NIF rows.
BifFn find_native(Term m, Term f, Uint a, bool include_local) {
  struct Found {
    BifFn fn;
    bool local_only;
    const BifEntry* row;
  };
  static std::unordered_map<Export*, Found> by_export = [] {
    std::unordered_map<Export*, Found> map;
    for (unsigned i = 0; i < bif_table_size; i++) {
      const BifEntry& b = bif_table[i];
      map[export_put(atom_put(b.module), atom_put(b.function), b.arity)] = {b.fn, b.local_only, &b};
    }
    return map;
  }();
  Export* ep = export_get(m, f, a);
  if (!ep) return nullptr;
  auto it = by_export.find(ep);
  if (it == by_export.end() || (it->second.local_only && !include_local)) return nullptr;
  if (!bif_row_active(*it->second.row)) return nullptr;
  return it->second.fn;
}

BifFn find_bif(Term m, Term f, Uint a) { return find_native(m, f, a, false); }

// Raised by the placeholder of a BIF that Girder does not implement yet.
Term bif_not_implemented(Process* p, Term*) {
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = atom::undef;
  p->exc_info = THE_NON_VALUE;
  return THE_NON_VALUE;
}

struct LoadError {
  std::string msg;
};

class Translator {
 public:
  Translator(BeamFile& bf, Module& m) : bf_(bf), m_(m) {}

  void run() {
    labels_.assign(bf_.label_count + 1, UINT64_MAX);
    for (const GenericOp& op : bf_.code) {
      cur_ = &op;
      translate(op);
    }
    resolve();
  }

 private:
  BeamFile& bf_;
  Module& m_;
  const GenericOp* cur_ = nullptr;
  std::vector<Uint> labels_;               // label -> code offset
  std::vector<std::pair<Uint, Uint>> label_patches_;  // (code pos, label)
  std::vector<std::pair<Uint, Uint>> catch_patches_;  // (code pos, label)
  uint32_t pending_line_ = 0;
  bool have_pending_line_ = false;
  Uint on_load_pos_ = UINT64_MAX;  // code offset of the on_load body, if any
  // The last instruction emitted, if it is a single move that a following
  // move of the same kind may join (no label in between).
  InstrId fusable_move_ = I_COUNT;
  Uint fusable_pos_ = 0;
  // The last instruction emitted and where (I_COUNT after a label).
  InstrId last_instr_ = I_COUNT;
  Uint last_pos_ = 0;
  // The instruction emitted before that one (I_COUNT if a label came
  // between).
  InstrId prev_instr_ = I_COUNT;
  Uint prev_pos_ = 0;
  // Set by func_info when the function has a native implementation.
  BifFn native_fn_ = nullptr;
  Export* native_ep_ = nullptr;

  std::vector<Term>& code() { return m_.code; }
  Uint pos() const { return m_.code.size(); }

  [[noreturn]] void fail(const std::string& what) {
    std::string op = beam::op_info(cur_->opcode).name ? beam::op_info(cur_->opcode).name : "?";
    throw LoadError{"chunk Code at offset " + std::to_string(cur_->offset) + ": " + op + ": " + what};
  }

  void emit_instr(InstrId id) {
    fusable_move_ = I_COUNT;
    prev_instr_ = last_instr_;
    prev_pos_ = last_pos_;
    last_instr_ = have_pending_line_ ? I_COUNT : id;  // a line entry pins it
    last_pos_ = pos();
    if (have_pending_line_) {
      const beam::LineItem& li = bf_.line_items[pending_line_];
      m_.lines.push_back({pos(), li.file_index, li.line});
      have_pending_line_ = false;
    }
    code().push_back(instr_word(id));
  }
  void word(Term w) { code().push_back(w); }

  const Operand& arg(size_t i) {
    if (i >= cur_->args.size()) fail("missing operand");
    return cur_->args[i];
  }
  Uint u(size_t i) {
    const Operand& o = arg(i);
    if (o.kind == OperandKind::u) return o.index;
    if (o.kind == OperandKind::i && is_small(o.term) && small_value(o.term) >= 0)
      return Uint(small_value(o.term));
    fail("expected an unsigned operand");
  }
  Term src_of(const Operand& o) {
    switch (o.kind) {
      case OperandKind::x:
        if (o.index >= MAX_X_REGS) fail("X register out of range");
        return x_ref(o.index);
      case OperandKind::y:
        return y_ref(o.index);
      case OperandKind::i:
      case OperandKind::a:
      case OperandKind::literal:
        return o.term;
      case OperandKind::u:
        return make_small(Sint(o.index));
      default:
        fail("bad source operand");
    }
  }
  Term src(size_t i) { return src_of(arg(i)); }
  Term dst_of(const Operand& o) {
    if (o.kind == OperandKind::x) {
      if (o.index >= MAX_X_REGS) fail("X register out of range");
      return x_ref(o.index);
    }
    if (o.kind == OperandKind::y) return y_ref(o.index);
    fail("bad destination operand");
  }
  Term dst(size_t i) { return dst_of(arg(i)); }
  bool is_x(size_t i) { return arg(i).kind == OperandKind::x; }
  bool is_y(size_t i) { return arg(i).kind == OperandKind::y; }
  bool is_reg(size_t i) { return is_x(i) || is_y(i); }
  // The form of is_lt/is_ge for its operands: two registers, a register
  // and a small literal (either side), else the generic one.
  InstrId compare_form(InstrId generic, InstrId rr, InstrId rc, InstrId cr) {
    auto small_lit = [&](size_t i) {
      Term t = src(i);
      return !is_reg_ref(t) && is_small(t);
    };
    // with X operands only: the X forms (x_form)
    if (is_reg(1) && is_reg(2)) return is_x(1) && is_x(2) ? x_form(rr) : rr;
    if (is_reg(1) && small_lit(2)) return is_x(1) ? x_form(rc) : rc;
    if (small_lit(1) && is_reg(2)) return is_x(2) ? x_form(cr) : cr;
    return generic;
  }
  static InstrId x_form(InstrId id) {
    switch (id) {
      case I_is_lt_rr: return I_is_lt_xx;
      case I_is_ge_rr: return I_is_ge_xx;
      case I_is_lt_rc: return I_is_lt_xc;
      case I_is_ge_rc: return I_is_ge_xc;
      case I_is_lt_cr: return I_is_lt_cx;
      case I_is_ge_cr: return I_is_ge_cx;
      default: return id;
    }
  }
  // A two-operand test of a register against an immediate literal (for
  // which =:= is word equality): operand 1 the register, 2 the literal.
  bool reg_vs_immediate() {
    if (!is_reg(1)) return false;
    Term lit = src(2);
    return !is_reg_ref(lit) && is_immed(lit);
  }

  // move, in the form that fits its operand kinds; two register moves in a
  // row become one move2_ instruction (one per pair of kinds, each decoding
  // nothing at run time: a generic register pair, choosing X or Y at run
  // time, measured slower than two specialised moves).
  void emit_move() {
    Term s = src(0), d = dst(1);
    bool sx = is_x(0), sy = is_y(0), dx = is_x(1);
    InstrId id;
    if (sx) {
      id = dx ? I_move_xx : I_move_xy;
    } else if (sy) {
      id = dx ? I_move_yx : I_move_yy;
    } else {
      id = dx ? I_move_cx : I_move_cy;
    }
    int kind = move_kind(id);
    if (kind >= 0 && fusable_move_ != I_COUNT && fusable_pos_ + 3 == pos() && !have_pending_line_) {
      static constexpr InstrId pairs[16] = {
          I_move2_xxxx, I_move2_xxxy, I_move2_xxyx, I_move2_xxyy, I_move2_xyxx, I_move2_xyxy,
          I_move2_xyyx, I_move2_xyyy, I_move2_yxxx, I_move2_yxxy, I_move2_yxyx, I_move2_yxyy,
          I_move2_yyxx, I_move2_yyxy, I_move2_yyyx, I_move2_yyyy};
      code()[fusable_pos_] = instr_word(pairs[move_kind(fusable_move_) * 4 + kind]);
      word(s);
      word(d);
      fusable_move_ = I_COUNT;
      last_instr_ = I_COUNT;  // no longer a single move
      return;
    }
    emit_instr(id);
    word(s);
    word(d);
    if (kind >= 0) {
      fusable_move_ = id;
      fusable_pos_ = pos() - 3;
    }
  }
  // 0..3 for the register moves xx, xy, yx, yy; -1 for the others.
  static int move_kind(InstrId id) {
    switch (id) {
      case I_move_xx: return 0;
      case I_move_xy: return 1;
      case I_move_yx: return 2;
      case I_move_yy: return 3;
      default: return -1;
    }
  }
  // The instruction at `at` (of kind `id`, three words) is a move into X0
  // that ends at the current position.
  bool is_move_to_x0(InstrId id, Uint at) {
    return (id == I_move_xx || id == I_move_yx || id == I_move_cx) && at + 3 == pos() &&
           code()[at + 2] == x_ref(0);
  }
  // return after a move into X0 (and a deallocate): one instruction.
  void emit_return() {
    if (have_pending_line_) {
      emit_instr(I_return_);
      return;
    }
    if (is_move_to_x0(last_instr_, last_pos_) && last_instr_ != I_move_yx) {
      Uint at = last_pos_;
      Term s = code()[at + 1];
      code().resize(at);
      code().push_back(instr_word(last_instr_ == I_move_xx ? I_move_return_x : I_move_return_c));
      word(s);
      last_instr_ = fusable_move_ = I_COUNT;
      return;
    }
    if (last_instr_ == I_deallocate && last_pos_ + 2 == pos()) {
      Uint n = code()[last_pos_ + 1];
      Uint at = prev_pos_;
      if (prev_instr_ != I_COUNT && prev_pos_ + 3 == last_pos_ &&
          code()[at + 2] == x_ref(0) &&
          (prev_instr_ == I_move_xx || prev_instr_ == I_move_yx || prev_instr_ == I_move_cx)) {
        Term s = code()[at + 1];
        InstrId f = prev_instr_ == I_move_xx   ? I_move_deallocate_return_x
                    : prev_instr_ == I_move_yx ? I_move_deallocate_return_y
                                               : I_move_deallocate_return_c;
        code().resize(at);
        code().push_back(instr_word(f));
        word(s);
        word(n);
      } else {
        code()[last_pos_] = instr_word(I_deallocate_return);
      }
      last_instr_ = prev_instr_ = fusable_move_ = I_COUNT;
      return;
    }
    emit_instr(I_return_);
  }
  void label_word(const Operand& o) {
    if (o.kind == OperandKind::a) {  // no_fail / resume: no label
      word(0);
      return;
    }
    if (o.kind != OperandKind::f) fail("expected a label");
    if (o.index == 0) {
      word(0);
      return;
    }
    if (o.index > bf_.label_count) fail("label out of range");
    label_patches_.push_back({pos(), o.index});
    word(0);
  }
  void label(size_t i) { label_word(arg(i)); }
  Term atom_term(size_t i) {
    const Operand& o = arg(i);
    if (o.kind != OperandKind::a) fail("expected an atom");
    return o.term;
  }
  const OperandSpan& list(size_t i) {
    const Operand& o = arg(i);
    if (o.kind != OperandKind::list) fail("expected a list");
    return o.list;
  }
  Uint heap_need(size_t i) {
    const Operand& o = arg(i);
    if (o.kind == OperandKind::alloc) {
      Uint words = 0;
      for (size_t k = 0; k + 1 < o.list.size(); k += 2) {
        Uint kind = o.list[k].index, n = o.list[k + 1].index;
        if (kind == 0) words += n;                 // words
        else if (kind == 1) words += n * FLOAT_WORDS;  // floats
        else words += n * (FUN_FIXED_WORDS + 8);   // funs (upper bound)
      }
      return words;
    }
    return u(i);
  }
  bool is_fr(size_t i) { return arg(i).kind == OperandKind::fr; }
  Uint fr(size_t i) {
    const Operand& o = arg(i);
    if (o.kind != OperandKind::fr || o.index >= MAX_F_REGS) fail("expected a float register");
    return o.index;
  }
  const beam::Import& import(size_t i) {
    Uint n = u(i);
    if (n >= bf_.imports.size()) fail("import index out of range");
    return bf_.imports[n];
  }
  BifFn bif_of(const beam::Import& im) {
    BifFn fn = find_bif(im.module, im.function, im.arity);
    return fn ? fn : bif_not_implemented;
  }

  void call_ext_like(size_t ar_i, size_t imp_i, int mode, Uint dealloc) {
    // mode 0: call, 1: tail call (only), 2: deallocate then tail call
    const beam::Import& im = import(imp_i);
    Uint ar = u(ar_i);
    if (im.module == atom::erlang && im.function == atom::apply && (im.arity == 2 || im.arity == 3)) {
      emit_instr(I_apply_list);
      word(im.arity);
      word(Uint(mode));
      word(dealloc);
      return;
    }
    BifFn fn = find_bif(im.module, im.function, im.arity);
    if (fn) {
      emit_instr(I_call_bif);
      word(reinterpret_cast<Term>(fn));
      word(reinterpret_cast<Term>(export_put(im.module, im.function, im.arity)));
      if (mode == 2) {
        emit_instr(I_deallocate);
        word(dealloc);
      }
      if (mode != 0) emit_instr(I_return_);
      return;
    }
    Export* ep = export_put(im.module, im.function, im.arity);
    if (mode == 0) {
      emit_instr(I_call_ext);
    } else if (mode == 1) {
      emit_instr(I_call_ext_only);
    } else {
      emit_instr(I_call_ext_last);
    }
    word(ar);
    word(reinterpret_cast<Term>(ep));
    if (mode == 2) word(dealloc);
  }

  void bif_op(Uint nargs, size_t fail_i, size_t bif_i, size_t first_arg, size_t dst_i) {
    const beam::Import& im = import(bif_i);
    if (nargs == 2 && im.module == atom::erlang && im.arity == 2) {
      std::string_view f = atom_name(im.function);
      if (f == "+" || f == "-") {
        // ERTS raises badarith without a BIF frame when the second operand
        // (either one for +) is a literal small integer (its increment
        // instructions); with two variables it shows {erlang,'+',Args}.
        auto lit = [&](size_t i) {
          const Operand& o = arg(i);
          return o.kind == OperandKind::i && is_small(o.term);
        };
        bool noframe = lit(first_arg + 1) || (f == "+" && lit(first_arg));
        bool rcx = is_reg(first_arg) && lit(first_arg + 1) && is_x(dst_i);
        bool rrx = is_reg(first_arg) && is_reg(first_arg + 1) && is_x(dst_i);
        bool ax = is_x(first_arg), bx = is_x(first_arg + 1);
        if (f == "+") {
          emit_instr(rcx   ? (ax ? I_plus_xcx : I_plus_ycx)
                     : rrx ? (ax && bx ? I_plus_xxx : !ax && bx ? I_plus_yxx : I_plus_rrx)
                           : I_plus);
        } else {
          emit_instr(rcx ? (ax ? I_minus_xcx : I_minus_ycx) : I_minus);
        }
        label(fail_i);
        word(reinterpret_cast<Term>(bif_of(im)));
        word(src(first_arg));
        word(src(first_arg + 1));
        word(dst(dst_i));
        word(noframe ? 1 : 0);
        return;
      }
    }
    static const InstrId ids[] = {I_bif0, I_bif1, I_bif2, I_bif3};
    emit_instr(ids[nargs]);
    if (nargs > 0) label(fail_i);
    word(reinterpret_cast<Term>(bif_of(im)));
    for (Uint k = 0; k < nargs; k++) word(src(first_arg + k));
    word(dst(dst_i));
  }

  void simple_test(InstrId id, size_t nargs) {
    emit_instr(id);
    label(0);
    for (size_t k = 1; k <= nargs; k++) word(src(k));
  }

  Uint bs_flags(const Operand& o) {
    // a flags operand: u bits, or a literal list of atoms (bs_create_bin)
    if (o.kind == OperandKind::u) {
      // this machine is little-endian: native means little
      return (o.index & BS_FLAG_NATIVE) ? (o.index | BS_FLAG_LITTLE) : o.index;
    }
    if (o.kind == OperandKind::a || o.kind == OperandKind::literal || o.kind == OperandKind::i) {
      Uint f = 0;
      for (Term l = o.term; is_list(l); l = cdr(l)) {
        std::string_view n = is_atom(car(l)) ? atom_name(car(l)) : "";
        if (n == "little") f |= BS_FLAG_LITTLE;
        else if (n == "signed") f |= BS_FLAG_SIGNED;
        else if (n == "native") f |= BS_FLAG_LITTLE;  // this machine is little-endian
      }
      return f;
    }
    return 0;
  }

  void bs_create_bin(const GenericOp& op) {
    // Fail Alloc Live Unit Dst {list, [Type, Seg, Unit, Flags, Value, Size]...}
    const OperandSpan& segs = list(5);
    if (segs.size() % 6 != 0) fail("bad segment list");
    emit_instr(I_bs_create_bin);
    label(0);
    word(u(3));
    word(dst(4));
    word(segs.size() / 6);
    for (size_t k = 0; k < segs.size(); k += 6) {
      if (segs[k].kind != OperandKind::a) fail("bad segment type");
      std::string_view t = atom_name(segs[k].term);
      BsSegType ty;
      if (t == "integer") ty = BS_SEG_INTEGER;
      else if (t == "float") ty = BS_SEG_FLOAT;
      else if (t == "binary") ty = BS_SEG_BINARY;
      else if (t == "utf8") ty = BS_SEG_UTF8;
      else if (t == "utf16") ty = BS_SEG_UTF16;
      else if (t == "utf32") ty = BS_SEG_UTF32;
      else if (t == "string") ty = BS_SEG_STRING;
      else if (t == "append") ty = BS_SEG_APPEND;
      else if (t == "private_append") ty = BS_SEG_PRIVATE_APPEND;
      else fail("unknown segment type");
      word(ty);
      word(segs[k + 2].kind == OperandKind::u ? segs[k + 2].index : 1);
      word(bs_flags(segs[k + 3]));
      if (ty == BS_SEG_STRING) {
        // value is an offset into the string table, size in bytes
        Uint off = segs[k + 4].kind == OperandKind::u ? segs[k + 4].index
                                                       : Uint(small_value(segs[k + 4].term));
        Uint len = segs[k + 5].kind == OperandKind::u ? segs[k + 5].index
                                                       : Uint(small_value(segs[k + 5].term));
        if (off + len > bf_.strings.size()) fail("string out of range");
        word(reinterpret_cast<Term>(m_.strings.data() + off));
        word(make_small(Sint(len)));
      } else {
        word(src_of(segs[k + 4]));
        word(src_of(segs[k + 5]));
      }
    }
    (void)op;
  }

  void translate(const GenericOp& op) {
    using namespace beam;
    switch (op.opcode) {
      case op_label: {
        Uint l = u(0);
        if (l == 0 || l > bf_.label_count) fail("label out of range");
        labels_[l] = pos();
        fusable_move_ = I_COUNT;  // a jump may land between two moves
        last_instr_ = I_COUNT;
        if (native_fn_) {
          // The function's entry label: a function that the BIF table
          // implements natively (a NIF stub in the .beam) runs the native
          // code for local calls too, as a loaded NIF does in ERTS.
          emit_instr(I_call_bif);
          word(reinterpret_cast<Term>(native_fn_));
          word(reinterpret_cast<Term>(native_ep_));
          emit_instr(I_return_);
          native_fn_ = nullptr;
        }
        return;
      }
      case op_line: {
        Uint n = u(0);
        if (n > 0 && n < bf_.line_items.size()) {
          pending_line_ = uint32_t(n);
          have_pending_line_ = true;
        }
        return;
      }
      case op_func_info: {
        m_.functions.push_back({pos(), atom_term(1), u(2)});
        native_fn_ = find_native(atom_term(0), atom_term(1), u(2), true);
        native_ep_ = native_fn_ ? export_put(atom_term(0), atom_term(1), u(2)) : nullptr;
        emit_instr(I_func_info);
        word(atom_term(0));
        word(atom_term(1));
        word(u(2));
        return;
      }
      case op_int_code_end:
        return;
      case op_call:
        emit_instr(I_call);
        word(u(0));
        label(1);
        return;
      case op_call_last:
        emit_instr(I_call_last);
        word(u(0));
        label(1);
        word(u(2));
        return;
      case op_call_only:
        emit_instr(I_call_only);
        word(u(0));
        label(1);
        return;
      case op_call_ext:
        call_ext_like(0, 1, 0, 0);
        return;
      case op_call_ext_last:
        call_ext_like(0, 1, 2, u(2));
        return;
      case op_call_ext_only:
        call_ext_like(0, 1, 1, 0);
        return;
      case op_bif0:
        bif_op(0, 0, 0, 0, 1);
        return;
      case op_bif1:
        bif_op(1, 0, 1, 2, 3);
        return;
      case op_bif2:
        bif_op(2, 0, 1, 2, 4);
        return;
      case op_gc_bif1:
        bif_op(1, 0, 2, 3, 4);
        return;
      case op_gc_bif2:
        bif_op(2, 0, 2, 3, 5);
        return;
      case op_gc_bif3:
        bif_op(3, 0, 2, 3, 6);
        return;
      case op_allocate:
      case op_allocate_zero:
        emit_instr(I_allocate);
        word(u(0));
        word(u(1));
        return;
      case op_allocate_heap:
      case op_allocate_heap_zero:
        emit_instr(I_allocate_heap);
        word(u(0));
        word(heap_need(1));
        word(u(2));
        return;
      case op_test_heap:
        emit_instr(I_test_heap);
        word(heap_need(0));
        word(u(1));
        return;
      case op_init:
        emit_instr(I_init_yregs);
        word(1);
        word(dst(0));
        return;
      case op_deallocate:
        emit_instr(I_deallocate);
        word(u(0));
        return;
      case op_return:
        emit_return();
        return;
      case op_send:
        emit_instr(I_send);
        return;
      case op_remove_message:
        emit_instr(I_remove_message);
        return;
      case op_timeout:
        emit_instr(I_timeout);
        return;
      case op_loop_rec:
        emit_instr(I_loop_rec);
        label(0);
        word(dst(1));
        return;
      case op_loop_rec_end:
        emit_instr(I_loop_rec_end);
        label(0);
        return;
      case op_wait:
        emit_instr(I_wait);
        label(0);
        return;
      case op_wait_timeout:
        emit_instr(I_wait_timeout);
        label(0);
        word(src(1));
        return;
      case op_is_lt: simple_test(compare_form(I_is_lt, I_is_lt_rr, I_is_lt_rc, I_is_lt_cr), 2); return;
      case op_is_ge: simple_test(compare_form(I_is_ge, I_is_ge_rr, I_is_ge_rc, I_is_ge_cr), 2); return;
      case op_is_eq: simple_test(I_is_eq, 2); return;
      case op_is_ne: simple_test(I_is_ne, 2); return;
      case op_is_eq_exact: simple_test(reg_vs_immediate() ? I_is_eq_exact_ri : I_is_eq_exact, 2); return;
      case op_is_ne_exact: simple_test(reg_vs_immediate() ? I_is_ne_exact_ri : I_is_ne_exact, 2); return;
      case op_is_integer: simple_test(I_is_integer, 1); return;
      case op_is_float: simple_test(I_is_float, 1); return;
      case op_is_number: simple_test(I_is_number, 1); return;
      case op_is_atom: simple_test(I_is_atom, 1); return;
      case op_is_pid: simple_test(I_is_pid, 1); return;
      case op_is_reference: simple_test(I_is_reference, 1); return;
      case op_is_port: simple_test(I_is_port, 1); return;
      case op_is_nil: simple_test(is_x(1) ? I_is_nil_x : I_is_nil, 1); return;
      case op_is_binary: simple_test(I_is_binary, 1); return;
      case op_is_list: simple_test(I_is_list, 1); return;
      case op_is_nonempty_list: simple_test(is_x(1) ? I_is_nonempty_list_x : I_is_nonempty_list, 1); return;
      case op_is_tuple: simple_test(is_x(1) ? I_is_tuple_x : I_is_tuple, 1); return;
      case op_is_boolean: simple_test(I_is_boolean, 1); return;
      case op_is_function: simple_test(I_is_function, 1); return;
      case op_is_function2: simple_test(I_is_function2, 2); return;
      case op_is_map: simple_test(I_is_map, 1); return;
      case op_is_bitstr: simple_test(I_is_bitstring, 1); return;
      case op_test_arity:
        emit_instr(is_x(1) ? I_test_arity_x : I_test_arity);
        label(0);
        word(src(1));
        word(u(2));
        return;
      case op_is_tagged_tuple:
        emit_instr(I_is_tagged_tuple);
        label(0);
        word(src(1));
        word(u(2));
        word(atom_term(3));
        return;
      case op_select_val:
      case op_select_tuple_arity: {
        const OperandSpan& l = list(2);
        if (l.size() % 2 != 0) fail("odd select list");
        emit_instr(op.opcode == op_select_val ? I_select_val : I_select_tuple_arity);
        word(src(0));
        label(1);
        word(l.size() / 2);
        for (size_t k = 0; k < l.size(); k += 2) {
          if (op.opcode == op_select_val) {
            word(src_of(l[k]));
          } else {
            word(l[k].kind == OperandKind::u ? l[k].index : Uint(small_value(l[k].term)));
          }
        }
        for (size_t k = 1; k < l.size(); k += 2) label_word(l[k]);
        return;
      }
      case op_jump:
        emit_instr(I_jump);
        label(0);
        return;
      case op_catch:
      case op_try: {
        emit_instr(I_catch_);
        word(dst(0));
        const Operand& l = arg(1);
        if (l.kind != OperandKind::f || l.index == 0 || l.index > bf_.label_count)
          fail("bad catch label");
        catch_patches_.push_back({pos(), l.index});
        word(0);
        return;
      }
      case op_catch_end:
        emit_instr(I_catch_end);
        word(dst(0));
        return;
      case op_try_end:
        emit_instr(I_try_end);
        word(dst(0));
        return;
      case op_try_case:
        emit_instr(I_try_case);
        word(dst(0));
        return;
      case op_try_case_end:
        emit_instr(I_try_case_end);
        word(src(0));
        return;
      case op_move:
        emit_move();
        return;
      case op_swap:
        emit_instr(I_swap);
        word(dst(0));
        word(dst(1));
        return;
      case op_get_list:
        emit_instr(!is_x(0) || !is_x(2) ? I_get_list
                   : is_x(1)            ? I_get_list_xxx
                   : is_y(1)            ? I_get_list_xyx
                                        : I_get_list);
        word(src(0));
        word(dst(1));
        word(dst(2));
        return;
      case op_get_hd:
        emit_instr(I_get_hd);
        word(src(0));
        word(dst(1));
        return;
      case op_get_tl:
        emit_instr(I_get_tl);
        word(src(0));
        word(dst(1));
        return;
      case op_get_tuple_element:
        emit_instr(is_x(0) && is_x(2) ? I_get_tuple_element_xx : I_get_tuple_element);
        word(src(0));
        word(u(1));
        word(dst(2));
        return;
      case op_set_tuple_element:
        emit_instr(I_set_tuple_element);
        word(src(0));
        word(src(1));
        word(u(2));
        return;
      case op_put_list:
        emit_instr(is_reg(0) && is_reg(1) && is_x(2) ? I_put_list_rrx : I_put_list);
        word(src(0));
        word(src(1));
        word(dst(2));
        return;
      case op_put_tuple2: {
        const OperandSpan& l = list(1);
        emit_instr(I_put_tuple2);
        word(dst(0));
        word(l.size());
        for (const Operand& o : l) word(src_of(o));
        return;
      }
      case op_badmatch:
        emit_instr(I_badmatch);
        word(src(0));
        return;
      case op_if_end:
        emit_instr(I_if_end);
        return;
      case op_case_end:
        emit_instr(I_case_end);
        word(src(0));
        return;
      case op_badrecord:
        emit_instr(I_badrecord);
        word(src(0));
        return;
      case op_call_fun:
        emit_instr(I_call_fun);
        word(u(0));
        return;
      case op_call_fun2:
        emit_instr(I_call_fun2);
        word(0);
        word(u(1));
        word(src(2));
        return;
      case op_apply:
        emit_instr(I_apply);
        word(u(0));
        return;
      case op_apply_last:
        emit_instr(I_apply_last);
        word(u(0));
        word(u(1));
        return;
      case op_make_fun3: {
        Uint idx = u(0);
        if (idx >= m_.funs.size()) fail("fun index out of range");
        const OperandSpan& env = list(2);
        emit_instr(I_make_fun3);
        word(reinterpret_cast<Term>(m_.funs[idx].get()));
        word(dst(1));
        word(env.size());
        for (const Operand& o : env) word(src_of(o));
        return;
      }
      case op_init_yregs: {
        const OperandSpan& l = list(0);
        // allocate has just set every Y register to [] already
        bool after_allocate = (last_instr_ == I_allocate || last_instr_ == I_allocate_heap) &&
                              !have_pending_line_;
        if (after_allocate) {
          for (const Operand& o : l) dst_of(o);  // still validated
          return;
        }
        emit_instr(I_init_yregs);
        word(l.size());
        for (const Operand& o : l) word(dst_of(o));
        return;
      }
      case op_trim:
        emit_instr(I_trim);
        word(u(0));
        word(u(1));
        return;
      case op_raise:
        emit_instr(I_raise);
        word(src(0));
        word(src(1));
        return;
      case op_build_stacktrace:
        emit_instr(I_build_stacktrace);
        return;
      case op_raw_raise:
        emit_instr(I_raw_raise);
        return;
      case op_fclearerror:
      case op_fcheckerror:
        return;
      case op_fmove:
        if (is_fr(0)) {
          emit_instr(is_x(1) ? I_fmove_fr_x : I_fmove_from_fr);
          word(fr(0));
          word(dst(1));
        } else if (Term v = src(0); !is_reg_ref(v) && is_float(v)) {
          // a literal float: its double is in the code
          emit_instr(I_fmove_c_fr);
          double d = float_value(v);
          Term bits;
          std::memcpy(&bits, &d, sizeof bits);
          word(bits);
          word(fr(1));
        } else {
          emit_instr(is_x(0) ? I_fmove_x_fr : I_fmove_to_fr);
          word(src(0));
          word(fr(1));
        }
        return;
      case op_fconv:
        emit_instr(I_fconv);
        word(src(0));
        word(fr(1));
        return;
      case op_fadd:
      case op_fsub:
      case op_fmul:
      case op_fdiv: {
        InstrId id = op.opcode == op_fadd   ? I_fadd
                     : op.opcode == op_fsub ? I_fsub
                     : op.opcode == op_fmul ? I_fmul
                                            : I_fdiv;
        emit_instr(id);
        word(fr(1));
        word(fr(2));
        word(fr(3));
        return;
      }
      case op_fnegate:
        emit_instr(I_fnegate);
        word(fr(1));
        word(fr(2));
        return;
      case op_put_map_assoc:
      case op_put_map_exact: {
        const OperandSpan& l = list(4);
        if (l.size() % 2 != 0) fail("odd map pair list");
        emit_instr(op.opcode == op_put_map_assoc ? I_put_map_assoc : I_put_map_exact);
        label(0);
        word(src(1));
        word(dst(2));
        word(l.size());
        for (const Operand& o : l) word(src_of(o));
        return;
      }
      case op_get_map_elements: {
        const OperandSpan& l = list(2);
        if (l.size() % 2 != 0) fail("odd map pair list");
        emit_instr(I_get_map_elements);
        label(0);
        word(src(1));
        word(l.size());
        for (size_t k = 0; k < l.size(); k += 2) {
          word(src_of(l[k]));
          word(dst_of(l[k + 1]));
        }
        return;
      }
      case op_has_map_fields: {
        const OperandSpan& l = list(2);
        emit_instr(I_has_map_fields);
        label(0);
        word(src(1));
        word(l.size());
        for (const Operand& o : l) word(src_of(o));
        return;
      }
      case op_bs_create_bin:
        bs_create_bin(op);
        return;
      case op_bs_init_writable:
        emit_instr(I_bs_init_writable);
        return;
      case op_bs_start_match3:
        emit_instr(I_bs_start_match);
        label(0);
        word(src(1));
        word(dst(3));
        return;
      case op_bs_start_match4:
        emit_instr(I_bs_start_match);
        label(0);
        word(src(2));
        word(dst(3));
        return;
      case op_bs_get_integer2:
      case op_bs_get_float2:
      case op_bs_get_binary2: {
        InstrId id = op.opcode == op_bs_get_integer2 ? I_bs_get_integer
                     : op.opcode == op_bs_get_float2 ? I_bs_get_float
                                                     : I_bs_get_binary;
        emit_instr(id);
        label(0);
        word(src(1));
        word(src(3));
        word(u(4));
        word(bs_flags(arg(5)));
        word(dst(6));
        return;
      }
      case op_bs_skip_bits2:
        emit_instr(I_bs_skip_bits);
        label(0);
        word(src(1));
        word(src(2));
        word(u(3));
        return;
      case op_bs_test_tail2:
        emit_instr(I_bs_test_tail);
        label(0);
        word(src(1));
        word(u(2));
        return;
      case op_bs_test_unit:
        emit_instr(I_bs_test_unit);
        label(0);
        word(src(1));
        word(u(2));
        return;
      case op_bs_match_string: {
        Uint bits = u(2), off = u(3);
        if (off + (bits + 7) / 8 > bf_.strings.size()) fail("string out of range");
        emit_instr(I_bs_match_string);
        label(0);
        word(src(1));
        word(bits);
        word(reinterpret_cast<Term>(m_.strings.data() + off));
        return;
      }
      case op_bs_get_tail:
        emit_instr(I_bs_get_tail);
        word(src(0));
        word(dst(1));
        return;
      case op_bs_get_position:
        emit_instr(I_bs_get_position);
        word(src(0));
        word(dst(1));
        return;
      case op_bs_set_position:
        emit_instr(I_bs_set_position);
        word(src(0));
        word(src(1));
        return;
      case op_bs_get_utf8:
        emit_instr(I_bs_get_utf8);
        label(0);
        word(src(1));
        word(dst(4));
        return;
      case op_bs_skip_utf8:
        emit_instr(I_bs_skip_utf8);
        label(0);
        word(src(1));
        return;
      case op_bs_get_utf16:
      case op_bs_get_utf32:
        emit_instr(op.opcode == op_bs_get_utf16 ? I_bs_get_utf16 : I_bs_get_utf32);
        label(0);
        word(src(1));
        word(bs_flags(arg(3)));
        word(dst(4));
        return;
      case op_bs_skip_utf16:
      case op_bs_skip_utf32:
        emit_instr(op.opcode == op_bs_skip_utf16 ? I_bs_skip_utf16 : I_bs_skip_utf32);
        label(0);
        word(src(1));
        word(bs_flags(arg(3)));
        return;
      case op_recv_marker_reserve:
        emit_instr(I_recv_marker_reserve);
        word(dst(0));
        return;
      case op_recv_marker_bind:
        emit_instr(I_recv_marker_bind);
        word(src(0));
        word(src(1));
        return;
      case op_recv_marker_clear:
        emit_instr(I_recv_marker_clear);
        word(src(0));
        return;
      case op_recv_marker_use:
        emit_instr(I_recv_marker_use);
        word(src(0));
        return;
      case op_on_load:
        // the first instruction of the -on_load function's body
        on_load_pos_ = m_.code.size();
        return;
      case op_nif_start:
        return;
      default:
        fail("instruction not supported by Girder");
    }
  }

  void resolve() {
    const Term* base = m_.code.data();
    for (auto [at, l] : label_patches_) {
      if (labels_[l] == UINT64_MAX) throw LoadError{"chunk Code: undefined label " + std::to_string(l)};
      m_.code[at] = reinterpret_cast<Term>(base + labels_[l]);
    }
    for (auto [at, l] : catch_patches_) {
      if (labels_[l] == UINT64_MAX) throw LoadError{"chunk Code: undefined label " + std::to_string(l)};
      m_.code[at] = catch_register(base + labels_[l]);
    }
  }

 public:
  const Term* label_address(Uint l) const {
    if (l == 0 || l >= labels_.size() || labels_[l] == UINT64_MAX) return nullptr;
    return m_.code.data() + labels_[l];
  }
  const Term* on_load_address() const {
    return on_load_pos_ == UINT64_MAX ? nullptr : m_.code.data() + on_load_pos_;
  }
};

Term fa_list(Heap& h, const std::vector<beam::ExportDef>& defs) {
  std::vector<Term> items;
  for (const auto& e : defs) items.push_back(make_tuple(h, {e.function, make_small(e.arity)}));
  return make_list_from(h, items.data(), items.size());
}

std::vector<Term>& bif_stub_code() {
  static std::vector<Term> stubs;
  return stubs;
}

}  // namespace

std::unique_ptr<Module> prepare_beam_file(BeamFile& bf, const std::string& path, std::string& error) {
  auto m = std::make_unique<Module>();
  m->name = bf.module;
  m->file = path;
  std::memcpy(m->md5, bf.md5, 16);
  m->literals = std::move(bf.literal_heap);
  if (!m->literals) {
    m->literals = std::make_unique<Heap>();
    m->literals->literal = true;
  }
  m->strings = bf.strings;
  Heap& lh = *m->literals;
  for (const std::string& f : bf.line_files)
    m->line_files.push_back(make_byte_list(lh, reinterpret_cast<const uint8_t*>(f.data()), f.size()));
  for (const beam::FunDef& fd : bf.funs) {
    auto fe = std::make_unique<FunEntry>();
    fe->module = bf.module;
    fe->index = fd.index;
    fe->old_uniq = fd.old_uniq;
    std::memcpy(fe->md5, bf.md5, 16);
    fe->arity = fd.arity;
    fe->num_free = fd.num_free;
    fe->function = fd.function;
    fe->address = nullptr;
    fe->owner = m.get();
    m->funs.push_back(std::move(fe));
  }
  Translator t(bf, *m);
  try {
    t.run();
  } catch (const LoadError& e) {
    error = e.msg;
    return nullptr;
  }
  for (size_t k = 0; k < bf.funs.size(); k++) {
    const Term* a = t.label_address(bf.funs[k].label);
    if (!a) {
      error = "chunk FunT: fun " + std::to_string(k) + " has no code";
      return nullptr;
    }
    m->funs[k]->address = a;
  }
  std::sort(m->lines.begin(), m->lines.end(),
            [](const Module::LineRef& a, const Module::LineRef& b) { return a.offset < b.offset; });
  m->attributes = bf.attributes;
  m->compile_info = bf.compile_info;
  m->exports_list = fa_list(lh, bf.exports);
  {
    std::vector<beam::ExportDef> all = bf.exports;
    all.insert(all.end(), bf.locals.begin(), bf.locals.end());
    std::vector<Term> items;
    for (const auto& fi : m->functions) items.push_back(make_tuple(lh, {fi.name, make_small(Sint(fi.arity))}));
    m->functions_list = make_list_from(lh, items.data(), items.size());
  }
  // Where the exports will point once this version is installed.
  for (const beam::ExportDef& e : bf.exports) {
    const Term* a = t.label_address(e.label);
    if (!a) {
      error = "chunk ExpT: export " + std::string(atom_name(e.function)) + " has no code";
      return nullptr;
    }
    Export* ep = export_put(bf.module, e.function, e.arity);
    m->exports.push_back(ep);
    m->export_targets.push_back({ep, a});
  }
  m->on_load_entry = t.on_load_address();
  return m;
}

void point_exports(Module* m) {
  for (auto [ep, a] : m->export_targets)
    if (!ep->bif) ep->address.store(a);
}

Module* install_module(std::unique_ptr<Module> m) {
  Module* installed = module_install(std::move(m));
  point_exports(installed);
  return installed;
}

Module* load_beam_file(BeamFile& bf, const std::string& path, std::string& error) {
  std::unique_ptr<Module> m = prepare_beam_file(bf, path, error);
  return m ? install_module(std::move(m)) : nullptr;
}

std::unique_ptr<Module> prepare_module_image(const uint8_t* data, Uint size, const std::string& path,
                                             std::string& error) {
  BeamFile bf;
  if (!beam::read_beam(data, size, bf, error)) return nullptr;
  return prepare_beam_file(bf, path, error);
}

Module* load_module_image(const uint8_t* data, Uint size, const std::string& path,
                          std::string& error) {
  std::unique_ptr<Module> m = prepare_module_image(data, size, path, error);
  return m ? install_module(std::move(m)) : nullptr;
}

void install_bif_exports() {
  std::vector<Term>& stubs = bif_stub_code();
  // 4 words per BIF (call_bif fn ep, return) plus apply stubs; reserve so
  // the vector never moves after addresses are handed out.
  stubs.reserve(bif_table_size * 4 + 16);
  for (unsigned i = 0; i < bif_table_size; i++) {
    const BifEntry& b = bif_table[i];
    if (b.local_only) continue;  // not exported: no export stub
    if (!bif_row_active(b)) continue;
    Export* ep = export_put(atom_put(b.module), atom_put(b.function), b.arity);
    const Term* at = stubs.data() + stubs.size();
    ep->bif = reinterpret_cast<void*>(b.fn);
    stubs.push_back(instr_word(I_call_bif));
    stubs.push_back(reinterpret_cast<Term>(b.fn));
    stubs.push_back(reinterpret_cast<Term>(ep));
    stubs.push_back(instr_word(I_return_));
    ep->address.store(at);
  }
  for (Uint ar : {2u, 3u}) {
    Export* ep = export_put(atom::erlang, atom::apply, ar);
    const Term* at = stubs.data() + stubs.size();
    stubs.push_back(instr_word(I_apply_list));
    stubs.push_back(ar);
    stubs.push_back(1);
    stubs.push_back(0);
    ep->bif = reinterpret_cast<void*>(1);  // not replaced by erlang.beam
    ep->address.store(at);
  }
}

}  // namespace girder
