// The Code chunk:
//   <header size:32> { <version:32> <max opcode:32> <labels:32> <functions:32> }
//   <instructions: opcode byte, then its operands as compact terms>
// Every instruction is checked against its row in ops.def (known, not
// obsolete, operand tags allowed by its kinds), every index against its
// table, and the structure ERTS relies on: labels defined once and every
// label that is used defined, func_info followed by the entry label, the
// code ending with int_code_end, as many functions as the header says.
#include "beam/beam_parse.h"
#include "beam/compact_term.h"

namespace girder::beam {

namespace {

constexpr uint32_t FORMAT_NUMBER = 0;  // beam_opcodes:format_number()

const char* kind_description(char kind) {
  switch (kind) {
    case 'L': return "a label number (tag u)";
    case 'j': return "a jump label (tag f, not 0)";
    case 'f': return "a fail label (tag f)";
    case 'g': return "a fail label or an atom";
    case 'u': return "an unsigned integer (tag u)";
    case 'a': return "an atom";
    case 'w': return "an unsigned integer or an atom";
    case 's': return "a source (register, atom, integer or literal)";
    case 'r': return "a register";
    case 'd': return "a destination register";
    case 'x': return "an x register";
    case 'y': return "a y register";
    case 'F': return "a float register";
    case 'q': return "a float register or a source";
    case 'e': return "an import index";
    case 'n': return "a fun index";
    case 't': return "a fun index or an atom";
    case 'h': return "a heap need (u or allocation list)";
    case 'N': return "a line index (tag u)";
    case '*': return "a list";
    default: return "?";
  }
}

const char* operand_description(const Operand& o) {
  switch (o.kind) {
    case OperandKind::u: return "tag u";
    case OperandKind::i: return "an integer";
    case OperandKind::a: return is_nil(o.term) ? "[]" : "an atom";
    case OperandKind::x: return "an x register";
    case OperandKind::y: return "a y register";
    case OperandKind::f: return "a label";
    case OperandKind::h: return "a character";
    case OperandKind::literal: return "a literal";
    case OperandKind::list: return "a list";
    case OperandKind::fr: return "a float register";
    case OperandKind::alloc: return "an allocation list";
  }
  return "?";
}

bool is_register(const Operand& o) {
  return o.kind == OperandKind::x || o.kind == OperandKind::y;
}

bool is_source(const Operand& o) {
  return is_register(o) || o.kind == OperandKind::i || o.kind == OperandKind::a ||
         o.kind == OperandKind::literal;
}

bool kind_allows(char kind, const Operand& o) {
  using K = OperandKind;
  switch (kind) {
    case 'L': case 'u': case 'N': case 'e': case 'n': return o.kind == K::u;
    case 'j': return o.kind == K::f && o.index != 0;
    case 'f': return o.kind == K::f;
    case 'g': return o.kind == K::f || (o.kind == K::a && !is_nil(o.term));
    case 'a': return o.kind == K::a;
    case 'w': return o.kind == K::u || o.kind == K::a;
    case 's': return is_source(o);
    case 'r': case 'd': return is_register(o);
    case 'x': return o.kind == K::x;
    case 'y': return o.kind == K::y;
    case 'F': return o.kind == K::fr;
    case 'q': return o.kind == K::fr || is_source(o);
    case 't': return o.kind == K::u || (o.kind == K::a && !is_nil(o.term));
    case 'h': return o.kind == K::u || o.kind == K::alloc;
    case '*': return o.kind == K::list;
    default: return false;
  }
}

// Decodes the instructions and checks each one as it comes.
class CodeReader {
 public:
  CodeReader(const CodeHeader& h, const LineTableInfo& lines,
             const TypeTableInfo& types, BeamFile& bf)
      : h_(h), lines_(lines), bf_(bf), r_(h.instructions.reader()),
        cx_{bf, bf.operands, *bf.literal_heap, h.label_count, types.used, types.count},
        defined_(h.label_count, 0) {}

  void run() {
    // about one instruction per three bytes of code
    bf_.code.reserve(h_.instructions.size / 3 + 16);
    for (;;) {
      GenericOp op = next();
      bool end = op.opcode == op_int_code_end;
      bf_.code.push_back(std::move(op));
      if (end) break;
    }
    // bytes after int_code_end are ignored, as ERTS ignores them
    check_used_labels();
    if (functions_ != h_.function_count)
      fail_header("the header announces " + std::to_string(h_.function_count) +
                  " functions, the code has " + std::to_string(functions_));
  }

  bool label_defined(Uint label) const {
    return label != 0 && label < defined_.size() && defined_[label];
  }
  std::vector<uint8_t> take_defined() { return std::move(defined_); }

 private:
  [[noreturn]] void fail_header(const std::string& what) {
    throw_error("chunk Code", h_.header_offset, what);
  }

  GenericOp next() {
    Uint at = r_.offset();
    if (r_.at_end()) r_.fail("code ends without int_code_end");
    uint8_t opcode = r_.u8();
    const OpInfo& info = op_info(opcode);
    if (opcode == 0 || !info.name) r_.fail_at(at, "unknown opcode " + std::to_string(opcode));
    if (info.obsolete)
      r_.fail_at(at, "obsolete instruction " + std::string(info.name) + " (opcode " +
                         std::to_string(opcode) +
                         "): please recompile this module with an OTP 25 compiler");
    GenericOp op;
    op.opcode = opcode;
    op.offset = uint32_t(at - code_chunk_offset());
    op.args = bf_.operands.alloc(info.arity);
    for (unsigned i = 0; i < info.arity; ++i) {
      Uint operand_at = r_.offset();
      char kind = info.kinds[i];
      Operand& o = op.args[i];
      o = read_operand(r_, cx_, kind == '*');
      if (!kind_allows(kind, o))
        r_.fail_at(operand_at, "operand " + std::to_string(i + 1) + " of " + info.name +
                                   " is " + operand_description(o) + ", expected " +
                                   kind_description(kind));
      check_index(kind, o, operand_at, info.name);
    }
    check_instruction(op, at, info.name);
    prev2_ = prev_;
    prev_ = opcode;
    return op;
  }

  Uint code_chunk_offset() const { return bf_.code_chunk_offset; }

  void check_index(char kind, const Operand& o, Uint at, const char* name) {
    auto out_of_range = [&](const char* what, Uint n) {
      r_.fail_at(at, std::string(what) + " index " + std::to_string(o.index) + " of " +
                         name + " out of range (" + std::to_string(n) + ")");
    };
    if (kind == 'e' && o.index >= bf_.imports.size())
      out_of_range("import", bf_.imports.size());
    if ((kind == 'n' || (kind == 't' && o.kind == OperandKind::u)) &&
        o.index >= bf_.funs.size())
      out_of_range("fun", bf_.funs.size());
  }

  void check_strings(Uint offset, Uint bytes, Uint at) {
    if (offset > bf_.strings.size() || bytes > bf_.strings.size() - offset)
      r_.fail_at(at, "string of " + std::to_string(bytes) + " bytes at " +
                         std::to_string(offset) + " exceeds the string table (" +
                         std::to_string(bf_.strings.size()) + " bytes)");
  }

  // Checks that need more than one operand, or state across instructions.
  void check_instruction(const GenericOp& op, Uint at, const char* name) {
    const auto& a = op.args;
    switch (op.opcode) {
      case op_label: {
        Uint l = a[0].index;
        if (l == 0 || l >= h_.label_count)
          r_.fail_at(at, "label " + std::to_string(l) + " out of range (" +
                             std::to_string(h_.label_count) + " labels)");
        if (defined_[l]) r_.fail_at(at, "label " + std::to_string(l) + " defined twice");
        defined_[l] = 1;
        break;
      }
      case op_func_info:
        ++functions_;
        expect_entry_label_ = true;
        return;  // the next instruction is checked below
      case op_line:
        if (lines_.used) {
          if (a[0].index >= bf_.line_items.size())
            r_.fail_at(at, "line index " + std::to_string(a[0].index) +
                               " out of range (" + std::to_string(bf_.line_items.size()) +
                               " line items)");
          if (++line_instructions_ > lines_.instruction_count)
            r_.fail_at(at, "more line instructions than the Line chunk announces (" +
                               std::to_string(lines_.instruction_count) + ")");
        }
        break;
      case op_int_code_end:
        if (prev_ == op_label || (prev_ == op_line && prev2_ == op_label))
          r_.fail_at(at, "code ends right after a label");
        break;
      case op_select_val:
      case op_select_tuple_arity: check_select(op, at, name); break;
      case op_init_yregs:
        for (const Operand& y : a[0].list)
          if (y.kind != OperandKind::y) r_.fail_at(at, "init_yregs: list item is not a y register");
        break;
      case op_put_map_assoc:
      case op_put_map_exact:
        if (a[4].list.size() % 2) r_.fail_at(at, std::string(name) + ": odd key/value list");
        break;
      case op_get_map_elements:
        check_map_elements(a[2].list, at);
        break;
      case op_bs_put_string:
        check_strings(a[1].index, a[0].index, at);
        break;
      case op_bs_match_string:
        check_strings(a[3].index, (a[2].index + 7) / 8, at);
        break;
      default:
        break;
    }
    if (expect_entry_label_) {
      if (op.opcode != op_label) r_.fail_at(at, "func_info is not followed by a label");
      expect_entry_label_ = false;
    }
  }

  void check_select(const GenericOp& op, Uint at, const char* name) {
    const auto& list = op.args[2].list;
    if (list.size() % 2) r_.fail_at(at, std::string(name) + ": odd value/label list");
    for (Uint i = 0; i < list.size(); i += 2) {
      const Operand& v = list[i];
      bool value_ok = op.opcode == op_select_val
                          ? (v.kind == OperandKind::i || v.kind == OperandKind::a ||
                             v.kind == OperandKind::literal)
                          : v.kind == OperandKind::u;
      if (!value_ok || list[i + 1].kind != OperandKind::f || list[i + 1].index == 0)
        r_.fail_at(at, std::string(name) + ": list item " + std::to_string(i / 2 + 1) +
                           " is not a value and a label");
    }
  }

  void check_map_elements(const OperandSpan& list, Uint at) {
    if (list.size() % 2) r_.fail_at(at, "get_map_elements: odd key/destination list");
    for (Uint i = 1; i < list.size(); i += 2)
      if (!is_register(list[i]))
        r_.fail_at(at, "get_map_elements: destination " + std::to_string(i / 2 + 1) +
                           " is not a register");
  }

  template <class Operands>
  void check_labels_in(const GenericOp& op, const Operands& args) {
    for (const Operand& o : args) {
      if (o.kind == OperandKind::f && o.index != 0 && !label_defined(o.index))
        throw_error("chunk Code", code_chunk_offset() + op.offset,
                    std::string(op_info(op.opcode).name) + " refers to label " +
                        std::to_string(o.index) + ", which is not defined");
      if (o.kind == OperandKind::list) check_labels_in(op, o.list);
    }
  }

  void check_used_labels() {
    for (const GenericOp& op : bf_.code) check_labels_in(op, op.args);
  }

  const CodeHeader& h_;
  const LineTableInfo& lines_;
  BeamFile& bf_;
  ByteReader r_;
  OperandContext cx_;
  std::vector<uint8_t> defined_;
  uint32_t functions_ = 0;
  uint32_t line_instructions_ = 0;
  bool expect_entry_label_ = false;
  unsigned prev_ = 0, prev2_ = 0;

};

}  // namespace

CodeHeader read_code_header(const ChunkRef& code) {
  ByteReader r = code.reader();
  Uint size_at = r.offset();
  uint32_t header_size = r.u32();
  if (header_size > r.remaining())
    r.fail_at(size_at, "header size " + std::to_string(header_size) +
                           " exceeds the chunk size");
  // the header is read from its own region: its fields must lie inside it
  ByteReader hr(r.position(), header_size, r.where(), r.offset());
  CodeHeader h;
  Uint version_at = hr.offset();
  uint32_t version = hr.u32();
  if (version != FORMAT_NUMBER)
    hr.fail_at(version_at, "instruction set version " + std::to_string(version) +
                               " (expected " + std::to_string(FORMAT_NUMBER) + ")");
  Uint max_at = hr.offset();
  h.max_opcode = hr.u32();
  if (h.max_opcode > MAX_GENERIC_OPCODE)
    hr.fail_at(max_at, "max opcode " + std::to_string(h.max_opcode) +
                           ": compiled for a newer runtime than OTP 25 (highest opcode " +
                           std::to_string(MAX_GENERIC_OPCODE) + ")");
  Uint labels_at = hr.offset();
  h.label_count = hr.u32();
  h.function_count = hr.u32();
  r.skip(header_size);
  // Each label is defined by a label instruction of at least two bytes;
  // a larger count is corrupt (and would make us allocate for nothing).
  if (h.label_count > r.remaining() / 2 + 1)
    hr.fail_at(labels_at, "label count " + std::to_string(h.label_count) +
                              " exceeds what the code can define");
  h.header_offset = code.offset;
  h.instructions = code;
  h.instructions.data = r.position();
  h.instructions.size = r.remaining();
  h.instructions.offset = r.offset();
  return h;
}

void read_code(const CodeHeader& header, const LineTableInfo& lines,
               const TypeTableInfo& types, BeamFile& bf,
               std::vector<uint8_t>& defined_labels) {
  CodeReader reader(header, lines, types, bf);
  reader.run();
  defined_labels = reader.take_defined();
}

}  // namespace girder::beam
