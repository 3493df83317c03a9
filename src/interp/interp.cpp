// The dispatch loop. Hot instructions are written here; slow paths (bit
// syntax, maps, calls through funs and apply, exceptions) live in
// interp_*.cpp as ordinary functions.
//
// Registers while running: I (next instruction), CP (continuation), E
// (stack top; Y register n is E[n + 1], E[0] is the frame's saved CP),
// x (the scheduler's X registers), reds (reductions left).
// Invariant: p->heap.limit == E whenever anything outside this function
// can allocate (SYNC_E after every change of E).
#include "interp/interp.h"

#include <cmath>
#include <cstring>

#include "bif/bif.h"
#include "gc/gc.h"
#include "interp/exception.h"
#include "interp/instr.h"
#include "interp/interp_ops.h"
#include "interp/operand.h"
#include "process/scheduler.h"
#include "process/vm_services.h"
#include "term/atom_table.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/compare.h"
#include "term/map.h"

namespace girder {

namespace {

// Collect when fragments hold this many words, at the next safe point.
constexpr Uint FRAGMENT_GC_WORDS = 64 * 1024;

#ifndef GIRDER_SWITCH_DISPATCH
const void* const* g_labels = nullptr;
#endif

Term g_normal_exit_code[2];

inline bool compare_lt(Term a, Term b) {
  if (is_small(a) && is_small(b)) return Sint(a) < Sint(b);
  return compare_terms(a, b) < 0;
}
inline bool equal_exact(Term a, Term b) {
  if (a == b) return true;
  if (is_immed(a) || is_immed(b)) return false;
  return eq_exact(a, b);
}
inline bool equal_arith(Term a, Term b) {
  if (a == b) return true;
  if (is_small(a) && is_small(b)) return false;
  if (is_atom(a) || is_atom(b)) return false;
  return eq_arith(a, b);
}

}  // namespace

Term instr_word(InstrId id) {
#ifdef GIRDER_SWITCH_DISPATCH
  return Term(id);
#else
  if (!g_labels) interp_run(nullptr, nullptr);
  return reinterpret_cast<Term>(g_labels[id]);
#endif
}

InstrId instr_of_word(Term w) {
#ifdef GIRDER_SWITCH_DISPATCH
  return w < I_COUNT ? InstrId(w) : I_COUNT;
#else
  if (!g_labels) interp_run(nullptr, nullptr);
  for (unsigned i = 0; i < I_COUNT; i++)
    if (reinterpret_cast<Term>(g_labels[i]) == w) return InstrId(i);
  return I_COUNT;
#endif
}

const Term* normal_exit_code() {
  if (g_normal_exit_code[0] == 0) g_normal_exit_code[0] = instr_word(I_normal_exit);
  return g_normal_exit_code;
}

#ifdef GIRDER_SWITCH_DISPATCH
#define OP(name) case I_##name:
#define DISPATCH() goto dispatch_top
#else
#define OP(name) L_##name:
#define DISPATCH() goto *reinterpret_cast<const void*>(*I)
#endif

#define S(n) operand_value(I[n], x, E)
// Operands whose kind the loader fixed (see the specialised instructions).
#define XR(n) x[I[n] >> 3]
#define YR(n) E[(I[n] >> 3) + 1]
#define RR(n) (((I[n] & 4) ? E + 1 : x)[I[n] >> 3])
#define D(n) operand_slot(I[n], x, E)
#define NEXT(n) \
  do {          \
    I += (n);   \
    DISPATCH(); \
  } while (0)
#define JUMP(addr)                                  \
  do {                                              \
    I = reinterpret_cast<const Term*>(addr);        \
    DISPATCH();                                     \
  } while (0)
#define SYNC_E() (p->heap.limit = E)
#define LABEL(n) reinterpret_cast<const Term*>(I[n])
// Reductions are counted at calls; live = arity of the call.
#define CALL_REDS(live)            \
  do {                             \
    if (--reds <= 0) {             \
      yield_live = (live);         \
      goto context_switch;         \
    }                              \
  } while (0)
#define RAISE_ERROR(reason)          \
  do {                               \
    p->exc_flags = 0;                \
    p->exc_class = atom::error;      \
    p->exc_reason = (reason);        \
    p->exc_info = THE_NON_VALUE;     \
    goto handle_error;               \
  } while (0)
#define ENSURE_SPACE(need, live)                                          \
  do {                                                                    \
    if (Uint(E - p->heap.htop) < Uint(need) ||                            \
        p->heap.frag_words > FRAGMENT_GC_WORDS || GC_STRESS) {            \
      SYNC_E();                                                           \
      gc_collect(p, (need), x, (live));                                   \
      E = p->heap.limit;                                                  \
      if (p->pending_exit) goto process_exit; /* max_heap_size */         \
    }                                                                     \
  } while (0)

#ifdef GIRDER_GC_STRESS
// Collect at every safe point while the heap is small; on a large heap,
// every (young + old heap + stack words / 1024)-th time, so that the tests
// with millions of live cells stay linear instead of quadratic (a major
// collection copies all of it).
static bool gc_stress_due(Process* p) {
  if (p->gc_stress_countdown > 1) {
    p->gc_stress_countdown--;
    return false;
  }
  Uint live = Uint(p->heap.htop - p->heap.start) + Uint(p->heap.end - p->heap.limit) +
              Uint(p->heap.old_htop - p->heap.old_start);
  p->gc_stress_countdown = 1 + live / 1024;
  return true;
}
#define GC_STRESS gc_stress_due(p)
#else
#define GC_STRESS false
#endif

RunResult interp_run(Process* p, Scheduler* s) {
#ifndef GIRDER_SWITCH_DISPATCH
  static const void* const labels[] = {
#define INSTR(name, kinds, doc) &&L_##name,
#include "interp/instrs.def"
#undef INSTR
  };
  if (p == nullptr) {
    g_labels = labels;
    return RunResult::exited;
  }
#else
  if (p == nullptr) return RunResult::exited;
#endif

  Term* x = s->x;
  double* fr = s->f;
  const Term* I = p->i;
  const Term* CP = p->cp;
  Term* E = p->heap.limit;
  // each time it is scheduled in a process gets a whole slice, as on ERTS
  int reds = CONTEXT_REDS;
  Uint yield_live = 0;
  Uint apply_ar = 0;
  RaiseSite site{};
  for (Uint i = 0; i < p->arity; i++) x[i] = p->xsave[i];
  p->xsave.clear();
  p->status = ProcStatus::running;
  p->hibernating = false;

  if (p->dirty_outcome != DIRTY_NONE) {
    // back from a dirty scheduler: I is the call_bif, finished here as
    // call_bif finishes a call
    uint8_t outcome = p->dirty_outcome;
    p->dirty_outcome = DIRTY_NONE;
    void* job = p->dirty_job;
    p->dirty_job = nullptr;
    if (outcome == DIRTY_VALUE) NEXT(3);
    if (outcome == DIRTY_TRAP) {
      s->trap_ep = static_cast<Export*>(job);
      s->trap_arity = unsigned(p->arity);
      for (unsigned k = 0; k < s->trap_arity; k++) s->trap_args[k] = x[k];
      goto bif_trap;
    }
    Export* ep = interp_bif_export(reinterpret_cast<BifFn>(job));
    site.bif = ep ? ep : reinterpret_cast<Export*>(I[2]);
    site.bif_args = x;
    // As on ERTS, where the call went through a real call to the dirty
    // BIF: a body call's return address is a frame of its own.
    const Term* after = I + 3;
    if (*after != instr_word(I_return_) && *after != instr_word(I_deallocate) &&
        *after != instr_word(I_deallocate_return)) {
      CP = after;
      site.cp_fresh = true;
    }
    goto handle_error;
  }

  DISPATCH();

#ifdef GIRDER_SWITCH_DISPATCH
dispatch_top:
  switch (static_cast<InstrId>(*I)) {
#else
  {
#endif

    // ---- calls and returns ------------------------------------------------
    OP(call) {
      Uint ar = I[1];
      CP = I + 3;
      I = LABEL(2);
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_last) {
      Uint ar = I[1];
      const Term* target = LABEL(2);
      CP = reinterpret_cast<const Term*>(E[0]);
      E += I[3] + 1;
      SYNC_E();
      I = target;
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_only) {
      Uint ar = I[1];
      I = LABEL(2);
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_ext) {
      Uint ar = I[1];
      auto* ep = reinterpret_cast<Export*>(I[2]);
      CP = I + 3;
      I = ep->address.load(std::memory_order_relaxed);
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_ext_last) {
      Uint ar = I[1];
      auto* ep = reinterpret_cast<Export*>(I[2]);
      CP = reinterpret_cast<const Term*>(E[0]);
      E += I[3] + 1;
      SYNC_E();
      I = ep->address.load(std::memory_order_relaxed);
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_ext_only) {
      Uint ar = I[1];
      auto* ep = reinterpret_cast<Export*>(I[2]);
      I = ep->address.load(std::memory_order_relaxed);
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(return_) {
      I = CP;
      DISPATCH();
    }
    OP(allocate) {
      Uint n = I[1];
      if (Uint(E - p->heap.htop) < n + 1 || GC_STRESS) {
        SYNC_E();
        gc_collect(p, n + 1, x, I[2]);
        E = p->heap.limit;
        if (p->pending_exit) goto process_exit;  // max_heap_size
      }
      E -= n + 1;
      E[0] = reinterpret_cast<Term>(CP);
      for (Uint i = 1; i <= n; i++) E[i] = NIL;
      SYNC_E();
      NEXT(3);
    }
    OP(allocate_heap) {
      Uint n = I[1];
      ENSURE_SPACE(n + 1 + I[2], I[3]);
      E -= n + 1;
      E[0] = reinterpret_cast<Term>(CP);
      for (Uint i = 1; i <= n; i++) E[i] = NIL;
      SYNC_E();
      NEXT(4);
    }
    OP(test_heap) {
      ENSURE_SPACE(I[1], I[2]);
      NEXT(3);
    }
    OP(deallocate) {
      CP = reinterpret_cast<const Term*>(E[0]);
      E += I[1] + 1;
      SYNC_E();
      NEXT(2);
    }
    OP(deallocate_return) {
      CP = reinterpret_cast<const Term*>(E[0]);
      E += I[1] + 1;
      SYNC_E();
      I = CP;
      DISPATCH();
    }
    OP(move_return_x) {
      x[0] = XR(1);
      I = CP;
      DISPATCH();
    }
    OP(move_return_c) {
      x[0] = I[1];
      I = CP;
      DISPATCH();
    }
#define MOVE_DEALLOCATE_RETURN(name, SRC)            \
  OP(name) {                                         \
    Term v = SRC(1);                                 \
    CP = reinterpret_cast<const Term*>(E[0]);        \
    E += I[2] + 1;                                   \
    SYNC_E();                                        \
    x[0] = v;                                        \
    I = CP;                                          \
    DISPATCH();                                      \
  }
    MOVE_DEALLOCATE_RETURN(move_deallocate_return_x, XR)
    MOVE_DEALLOCATE_RETURN(move_deallocate_return_y, YR)
#define C(n) I[n]
    MOVE_DEALLOCATE_RETURN(move_deallocate_return_c, C)
#undef C
#undef MOVE_DEALLOCATE_RETURN
    OP(trim) {
      Uint n = I[1];
      Term cp = E[0];
      E += n;
      E[0] = cp;
      SYNC_E();
      NEXT(3);
    }
    OP(init_yregs) {
      Uint n = I[1];
      for (Uint i = 0; i < n; i++) D(2 + i) = NIL;
      NEXT(2 + n);
    }
    OP(func_info) {
      site.mfa_module = I[1];
      site.mfa_function = I[2];
      site.args_from_x = I[3];
      site.args_are_x = true;
      RAISE_ERROR(atom::function_clause);
    }
    OP(normal_exit) {
      p->exit_reason = atom::normal;
      if (p->result_slot) p->exc_args = x[0];  // returned value, see process_exited
      goto process_exit;
    }
    OP(apply) {
      apply_ar = I[1];
      CP = I + 2;
      goto do_apply;
    }
    OP(apply_last) {
      apply_ar = I[1];
      CP = reinterpret_cast<const Term*>(E[0]);
      E += I[2] + 1;
      SYNC_E();
      goto do_apply;
    }
    OP(apply_list) {
      // erlang:apply/2,3 called directly: unpack the argument list.
      Uint kind = I[1], mode = I[2];
      if (mode == 0) {
        CP = I + 4;
      } else if (mode == 2) {
        CP = reinterpret_cast<const Term*>(E[0]);
        E += I[3] + 1;
        SYNC_E();
      }
      Uint ar = 0;
      const Term* target = kind == 3 ? interp_apply3(p, x, &ar) : interp_apply2(p, x, &ar);
      if (!target) {
        site.pc = I;
        goto handle_error_site;
      }
      I = target;
      CALL_REDS(ar);
      DISPATCH();
    }
    OP(call_fun) {
      Uint ar = I[1];
      Uint live = ar;
      const Term* target = interp_resolve_fun(p, x, x[ar], ar, &live);
      if (!target) {
        CP = I + 2;
        site.cp_fresh = true;
        goto handle_error;
      }
      CP = I + 2;
      I = target;
      CALL_REDS(live);
      DISPATCH();
    }
    OP(call_fun2) {
      Uint ar = I[2];
      Uint live = ar;
      const Term* target = interp_resolve_fun(p, x, S(3), ar, &live);
      if (!target) {
        CP = I + 4;
        site.cp_fresh = true;
        goto handle_error;
      }
      CP = I + 4;
      I = target;
      CALL_REDS(live);
      DISPATCH();
    }
    OP(call_bif) {
      auto fn = reinterpret_cast<BifFn>(I[1]);
      p->i = I;  // process_info(self(), current_function) and friends
      p->cp = CP;
      Term r = fn(p, x);
      if (is_value(r)) {
        x[0] = r;
        if (p->major_gc_requested) {
          p->major_gc_requested = false;
          SYNC_E();
          gc_collect_full(p, 0, x, 1, nullptr, 0, true);
          E = p->heap.limit;
        }
        reds -= s->bif_reds;
        s->bif_reds = 0;
        if (--reds <= 0) {
          I += 3;
          yield_live = 1;
          goto context_switch;
        }
        NEXT(3);
      }
      if (p->exc_class == THE_NON_VALUE) {  // the BIF asked to yield/wait
        p->exc_class = THE_NON_VALUE;
        goto bif_trap;
      }
      site.bif = reinterpret_cast<Export*>(I[2]);
      site.bif_args = x;
      goto handle_error;
    }
    OP(export_trampoline) {
      auto* ep = reinterpret_cast<Export*>(I[1]);
      SYNC_E();
      // Load the module on first use; its code replaces this trampoline.
      vm_ensure_loaded(ep->module);
      const Term* target = ep->address.load();
      if (target != I) JUMP(target);
      const Term* handler = interp_undefined_function(p, x, ep);
      if (handler) JUMP(handler);
      site.mfa_module = ep->module;
      site.mfa_function = ep->function;
      site.args_from_x = ep->arity;
      site.args_are_x = true;
      site.pc = I;
      p->exc_flags = 0;
      p->exc_class = atom::error;
      p->exc_reason = atom::undef;
      p->exc_info = THE_NON_VALUE;
      goto handle_error_site;
    }

    // ---- BIFs in code -----------------------------------------------------
    OP(bif0) {
      auto fn = reinterpret_cast<BifFn>(I[1]);
      SYNC_E();
      Term r = fn(p, x);
      if (!is_value(r)) goto handle_error;
      D(2) = r;
      NEXT(3);
    }
    OP(bif1) {
      auto fn = reinterpret_cast<BifFn>(I[2]);
      Term args[1] = {S(3)};
      SYNC_E();
      Term r = fn(p, args);
      if (!is_value(r)) {
        if (I[1]) JUMP(I[1]);
        site.bif = interp_bif_export(fn);
        Term* a = p->heap.alloc(1);
        a[0] = args[0];
        site.bif_args = a;
        goto handle_error;
      }
      D(4) = r;
      NEXT(5);
    }
    OP(bif2) {
      auto fn = reinterpret_cast<BifFn>(I[2]);
      Term args[2] = {S(3), S(4)};
      SYNC_E();
      Term r = fn(p, args);
      if (!is_value(r)) {
        if (I[1]) JUMP(I[1]);
        site.bif = interp_bif_export(fn);
        Term* a = p->heap.alloc(2);
        a[0] = args[0];
        a[1] = args[1];
        site.bif_args = a;
        goto handle_error;
      }
      D(5) = r;
      NEXT(6);
    }
    OP(bif3) {
      auto fn = reinterpret_cast<BifFn>(I[2]);
      Term args[3] = {S(3), S(4), S(5)};
      SYNC_E();
      Term r = fn(p, args);
      if (!is_value(r)) {
        if (I[1]) JUMP(I[1]);
        site.bif = interp_bif_export(fn);
        Term* a = p->heap.alloc(3);
        a[0] = args[0];
        a[1] = args[1];
        a[2] = args[2];
        site.bif_args = a;
        goto handle_error;
      }
      D(6) = r;
      NEXT(7);
    }

    OP(plus) {
      Term a = S(3), b = S(4);
      if (is_small(a) && is_small(b)) {
        Sint r = small_value(a) + small_value(b);  // cannot overflow 64 bits
        if (fits_small(r)) {
          D(5) = make_small(r);
          NEXT(7);
        }
      }
      goto arith_slow;
    }
    OP(minus) {
      Term a = S(3), b = S(4);
      if (is_small(a) && is_small(b)) {
        Sint r = small_value(a) - small_value(b);
        if (fits_small(r)) {
          D(5) = make_small(r);
          NEXT(7);
        }
      }
      goto arith_slow;
    }

    // ---- moves and data ---------------------------------------------------
    // one move per operand-kind pair (XR/YR: registers, C: the literal)
#define C(n) I[n]
#define MOVE(name, DST, SRC) \
  OP(name) {                 \
    DST(2) = SRC(1);         \
    NEXT(3);                 \
  }
    MOVE(move, D, S)
    MOVE(move_xx, XR, XR)
    MOVE(move_xy, YR, XR)
    MOVE(move_yx, XR, YR)
    MOVE(move_yy, YR, YR)
    MOVE(move_cx, XR, C)
    MOVE(move_cy, YR, C)
#undef MOVE
#undef C
    // two moves, one after the other (the second may read what the first
    // wrote)
#define MOVE2(name, D1, S1, D2, S2) \
  OP(name) {                        \
    D1(2) = S1(1);                  \
    D2(4) = S2(3);                  \
    NEXT(5);                        \
  }
    MOVE2(move2_xxxx, XR, XR, XR, XR)
    MOVE2(move2_xxxy, XR, XR, YR, XR)
    MOVE2(move2_xxyx, XR, XR, XR, YR)
    MOVE2(move2_xxyy, XR, XR, YR, YR)
    MOVE2(move2_xyxx, YR, XR, XR, XR)
    MOVE2(move2_xyxy, YR, XR, YR, XR)
    MOVE2(move2_xyyx, YR, XR, XR, YR)
    MOVE2(move2_xyyy, YR, XR, YR, YR)
    MOVE2(move2_yxxx, XR, YR, XR, XR)
    MOVE2(move2_yxxy, XR, YR, YR, XR)
    MOVE2(move2_yxyx, XR, YR, XR, YR)
    MOVE2(move2_yxyy, XR, YR, YR, YR)
    MOVE2(move2_yyxx, YR, YR, XR, XR)
    MOVE2(move2_yyxy, YR, YR, YR, XR)
    MOVE2(move2_yyyx, YR, YR, XR, YR)
    MOVE2(move2_yyyy, YR, YR, YR, YR)
#undef MOVE2
    // register +/- small literal or register into X: the slow path is
    // plus/minus's. On tagged small integers (value << 4 | 0xF), a + b is
    // a + (b - 0xF) and a - b is a - (b - 0xF), and the 64-bit operation
    // overflows exactly when the result does not fit a small.
#define ARITH_TAGGED(name, A, B, builtin)                               \
  OP(name) {                                                          \
    Term a = A(3), b = B(4);                                          \
    Sint r;                                                           \
    if ((a & b & TAG_IMMED1_MASK) == TAG_IMMED1_SMALL &&              \
        !builtin(Sint(a), Sint(b) - Sint(TAG_IMMED1_SMALL), &r)) {    \
      XR(5) = Term(r);                                                \
      NEXT(7);                                                        \
    }                                                                 \
    goto arith_slow;                                                  \
  }
#define C(n) I[n]
    ARITH_TAGGED(plus_rcx, RR, C, __builtin_add_overflow)
    ARITH_TAGGED(plus_xcx, XR, C, __builtin_add_overflow)
    ARITH_TAGGED(plus_ycx, YR, C, __builtin_add_overflow)
    ARITH_TAGGED(minus_rcx, RR, C, __builtin_sub_overflow)
    ARITH_TAGGED(minus_xcx, XR, C, __builtin_sub_overflow)
    ARITH_TAGGED(minus_ycx, YR, C, __builtin_sub_overflow)
#undef C
    ARITH_TAGGED(plus_rrx, RR, RR, __builtin_add_overflow)
    ARITH_TAGGED(plus_xxx, XR, XR, __builtin_add_overflow)
    ARITH_TAGGED(plus_yxx, YR, XR, __builtin_add_overflow)
#undef ARITH_TAGGED
    // generic and specialised forms of the list and tuple accessors
#define GET_LIST(name, SRC, DST) \
  OP(name) {                     \
    Term* cell = list_ptr(SRC(1)); \
    Term h = cell[0], t = cell[1]; \
    DST(2) = h;                  \
    DST(3) = t;                  \
    NEXT(4);                     \
  }
#define GET_TUPLE_ELEMENT(name, SRC, DST)      \
  OP(name) {                                   \
    DST(3) = tuple_ptr(SRC(1))[I[2] + 1];      \
    NEXT(4);                                   \
  }
#define PUT_LIST(name, SRC, DST)     \
  OP(name) {                         \
    Term* hp = p->heap.alloc(2);     \
    hp[0] = SRC(1);                  \
    hp[1] = SRC(2);                  \
    DST(3) = make_list(hp);          \
    NEXT(4);                         \
  }
    GET_LIST(get_list, S, D)
    GET_LIST(get_list_xxx, XR, XR)
    OP(get_list_xyx) {
      Term* cell = list_ptr(XR(1));
      YR(2) = cell[0];
      XR(3) = cell[1];
      NEXT(4);
    }
    GET_TUPLE_ELEMENT(get_tuple_element, S, D)
    GET_TUPLE_ELEMENT(get_tuple_element_xx, XR, XR)
    PUT_LIST(put_list, S, D)
    PUT_LIST(put_list_rrx, RR, XR)
#undef GET_LIST
#undef GET_TUPLE_ELEMENT
#undef PUT_LIST
    OP(swap) {
      Term& a = D(1);
      Term& b = D(2);
      Term t = a;
      a = b;
      b = t;
      NEXT(3);
    }
    OP(get_hd) {
      D(2) = list_ptr(S(1))[0];
      NEXT(3);
    }
    OP(get_tl) {
      D(2) = list_ptr(S(1))[1];
      NEXT(3);
    }
    OP(set_tuple_element) {
      tuple_ptr(S(2))[I[3] + 1] = S(1);
      NEXT(4);
    }
    OP(put_tuple2) {
      Uint n = I[2];
      Term* hp = p->heap.alloc(n + 1);
      hp[0] = make_header(n, SUB_TUPLE);
      for (Uint i = 0; i < n; i++) hp[i + 1] = S(3 + i);
      D(1) = make_boxed(hp);
      NEXT(3 + n);
    }
    OP(make_fun3) {
      auto* fe = reinterpret_cast<FunEntry*>(I[1]);
      Uint n = I[3];
      Term* hp = p->heap.alloc(FUN_FIXED_WORDS + n);
      auto* f = reinterpret_cast<FunThing*>(hp);
      f->header = make_header(FUN_FIXED_WORDS - 1 + n, SUB_FUN);
      f->entry = fe;
      f->arity = fe->arity - n;
      f->num_free = n;
      f->creator = p->id;
      for (Uint i = 0; i < n; i++) f->env[i] = S(4 + i);
      D(2) = make_boxed(hp);
      NEXT(4 + n);
    }

    // ---- tests and branches -----------------------------------------------
    OP(jump) { JUMP(I[1]); }
    // is_lt / is_ge on two operands, by operand kind
#define CMP2(name, A, jump_if_lt)                          \
  OP(name) {                                               \
    if (compare_lt(A(2), A(3)) == (jump_if_lt)) JUMP(I[1]); \
    NEXT(4);                                               \
  }
    CMP2(is_lt, S, false)
    CMP2(is_ge, S, true)
    CMP2(is_lt_rr, RR, false)
    CMP2(is_ge_rr, RR, true)
    CMP2(is_lt_xx, XR, false)
    CMP2(is_ge_xx, XR, true)
#undef CMP2
    // comparisons with a small literal: word order is integer order when
    // both are small; anything else takes the general path
#define CMP_LIT(name, A, B, jump_if)                                      \
  OP(name) {                                                              \
    Term a = A, b = B;                                                    \
    bool lt = is_small(a) && is_small(b) ? Sint(a) < Sint(b) : compare_lt(a, b); \
    if (jump_if) JUMP(I[1]);                                              \
    NEXT(4);                                                              \
  }
    CMP_LIT(is_lt_rc, RR(2), I[3], !lt)
    CMP_LIT(is_lt_cr, I[2], RR(3), !lt)
    CMP_LIT(is_ge_rc, RR(2), I[3], lt)
    CMP_LIT(is_ge_cr, I[2], RR(3), lt)
    CMP_LIT(is_lt_xc, XR(2), I[3], !lt)
    CMP_LIT(is_lt_cx, I[2], XR(3), !lt)
    CMP_LIT(is_ge_xc, XR(2), I[3], lt)
    CMP_LIT(is_ge_cx, I[2], XR(3), lt)
#undef CMP_LIT
    OP(is_eq_exact_ri) {
      if (RR(2) != I[3]) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_ne_exact_ri) {
      if (RR(2) == I[3]) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_nonempty_list_x) {
      if (!is_list(XR(2))) JUMP(I[1]);
      NEXT(3);
    }
    OP(is_nil_x) {
      if (XR(2) != NIL) JUMP(I[1]);
      NEXT(3);
    }
    OP(is_tuple_x) {
      if (!is_tuple(XR(2))) JUMP(I[1]);
      NEXT(3);
    }
    OP(test_arity_x) {
      Term t = XR(2);
      if (!is_tuple(t) || tuple_arity(t) != I[3]) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_eq) {
      if (!equal_arith(S(2), S(3))) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_ne) {
      if (equal_arith(S(2), S(3))) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_eq_exact) {
      if (!equal_exact(S(2), S(3))) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_ne_exact) {
      if (equal_exact(S(2), S(3))) JUMP(I[1]);
      NEXT(4);
    }
#define TYPE_TEST(name, pred) \
  OP(name) {                  \
    Term v = S(2);            \
    if (!(pred)) JUMP(I[1]);  \
    NEXT(3);                  \
  }
    TYPE_TEST(is_integer, is_integer(v))
    TYPE_TEST(is_float, is_float(v))
    TYPE_TEST(is_number, is_number(v))
    TYPE_TEST(is_atom, is_atom(v))
    TYPE_TEST(is_pid, is_pid(v))
    TYPE_TEST(is_reference, is_ref(v))
    TYPE_TEST(is_port, is_port(v))
    TYPE_TEST(is_nil, v == NIL)
    TYPE_TEST(is_binary, is_binary(v))
    TYPE_TEST(is_bitstring, is_bitstring(v))
    TYPE_TEST(is_list, is_list(v) || v == NIL)
    TYPE_TEST(is_nonempty_list, is_list(v))
    TYPE_TEST(is_tuple, is_tuple(v))
    TYPE_TEST(is_boolean, v == atom::am_true || v == atom::am_false)
    TYPE_TEST(is_function, is_any_fun(v))
    TYPE_TEST(is_map, is_map(v))
#undef TYPE_TEST
    OP(is_function2) {
      Term f = S(2), a = S(3);
      if (!is_small(a) || small_value(a) < 0) {
        site.pc = I;
        RAISE_ERROR(atom::badarg);
      }
      if (!interp_fun_has_arity(f, Uint(small_value(a)))) JUMP(I[1]);
      NEXT(4);
    }
    OP(test_arity) {
      Term t = S(2);
      if (!is_tuple(t) || tuple_arity(t) != I[3]) JUMP(I[1]);
      NEXT(4);
    }
    OP(is_tagged_tuple) {
      Term t = S(2);
      if (!is_tuple(t) || tuple_arity(t) != I[3] || tuple_elem(t, 1) != I[4]) JUMP(I[1]);
      NEXT(5);
    }
    OP(select_val) {
      Term v = S(1);
      Uint n = I[3];
      const Term* vals = I + 4;
      if (is_immed(v)) {
        for (Uint i = 0; i < n; i++)
          if (vals[i] == v) JUMP(vals[n + i]);
      } else {
        for (Uint i = 0; i < n; i++)
          if (equal_exact(vals[i], v)) JUMP(vals[n + i]);
      }
      JUMP(I[2]);
    }
    OP(select_tuple_arity) {
      Term v = S(1);
      if (is_tuple(v)) {
        Uint a = tuple_arity(v);
        Uint n = I[3];
        const Term* vals = I + 4;
        for (Uint i = 0; i < n; i++)
          if (vals[i] == a) JUMP(vals[n + i]);
      }
      JUMP(I[2]);
    }

    // ---- errors -------------------------------------------------------------
    OP(badmatch) {
      Term v = S(1);
      RAISE_ERROR(make_tuple(p->heap, {atom::badmatch, v}));
    }
    OP(case_end) {
      Term v = S(1);
      RAISE_ERROR(make_tuple(p->heap, {atom::case_clause, v}));
    }
    OP(if_end) { RAISE_ERROR(atom::if_clause); }
    OP(try_case_end) {
      Term v = S(1);
      RAISE_ERROR(make_tuple(p->heap, {atom::try_clause, v}));
    }
    OP(badrecord) {
      Term v = S(1);
      RAISE_ERROR(make_tuple(p->heap, {atom::badrecord, v}));
    }
    OP(catch_) {
      D(1) = make_catch(I[2]);
      p->catches++;
      NEXT(3);
    }
    OP(catch_end) {
      D(1) = NIL;
      p->catches--;
      if (!is_value(x[0])) {  // x1 reason, x2 trace, x3 class (see rethrow)
        if (x[3] == atom::throw_) {
          x[0] = x[1];
        } else if (x[3] == atom::error) {
          Term trace = raw_trace_list(x[2]);
          Term inner = make_tuple(p->heap, {x[1], trace});
          x[0] = make_tuple(p->heap, {atom::EXIT, inner});
        } else {
          x[0] = make_tuple(p->heap, {atom::EXIT, x[1]});
        }
      }
      NEXT(2);
    }
    OP(try_end) {
      D(1) = NIL;
      p->catches--;
      NEXT(2);
    }
    OP(try_case) {
      D(1) = NIL;
      p->catches--;
      // Only the class moves: a try whose body the compiler typed as never
      // returning falls through here with whatever x1..x3 held, and ERTS's
      // registers then show exactly this move.
      x[0] = x[3];
      NEXT(2);
    }
    OP(raise) {
      Term trace = S(1), value = S(2);
      if (is_raw_trace(trace)) {
        p->exc_class = raw_trace_class(trace);
        p->exc_reason = value;
        p->exc_trace = trace;
        goto rethrow;
      }
      RAISE_ERROR(value);
    }
    OP(build_stacktrace) {
      x[0] = is_raw_trace(x[0]) ? raw_trace_list(x[0]) : x[0];
      NEXT(1);
    }
    OP(raw_raise) {
      Term cls = x[0];
      if (cls != atom::error && cls != atom::exit && cls != atom::throw_) {
        x[0] = atom::badarg;
        NEXT(1);
      }
      p->exc_class = cls;
      p->exc_reason = x[1];
      p->exc_trace = is_raw_trace(x[2]) ? x[2] : make_raw_trace(p, cls, x[2]);
      goto rethrow;
    }

    // ---- messages -----------------------------------------------------------
    OP(send) {
      SYNC_E();
      if (!vm_send(p, x[0], x[1])) {
        site.bif = interp_send_export();
        Term* a = p->heap.alloc(2);
        a[0] = x[0];
        a[1] = x[1];
        site.bif_args = a;
        RAISE_ERROR(atom::badarg);
      }
      x[0] = x[1];
      if (--reds <= 0) {
        I += 1;
        yield_live = 1;
        goto context_switch;
      }
      NEXT(1);
    }
    OP(loop_rec) {
      // signals taken here may look at where the process is (system tasks
      // such as check_process_code, process_info's current_function)
      p->i = I;
      p->cp = CP;
      SYNC_E();
      Message* m = p->mbox.current();  // takes new signals when at the end
      if (p->pending_exit) goto process_exit;  // one of them ended it
      if (!m) JUMP(I[1]);
      if (!m->in_heap) interp_adopt_message(p, m);
      D(2) = m->term;
      NEXT(3);
    }
    OP(loop_rec_end) {
      p->mbox.skip();
      JUMP(I[1]);
    }
    OP(remove_message) {
      Message* m = p->mbox.remove_current();
      delete m;  // its term was adopted into the heap at loop_rec
      if (p->timer_active) vm_cancel_recv_timer(p);
      NEXT(1);
    }
    // wait and wait_timeout go back to the receive loop when messages came
    // in since it last looked: sent (still in the signal queue) or made by
    // a signal that was handled (an exit signal turned into {'EXIT', ...})
    OP(wait) {
      if (p->mbox.has_news()) JUMP(I[1]);
      p->i = I;
      goto suspend;
    }
    OP(wait_timeout) {
      if (p->timed_out.load(std::memory_order_acquire)) {
        vm_cancel_recv_timer(p);
        NEXT(3);
      }
      if (p->mbox.has_news()) JUMP(I[1]);
      Term t = S(2);
      if (!p->timer_active) {
        if (t == atom::infinity) {
          p->i = I;
          goto suspend;
        }
        if (!is_small(t) || small_value(t) < 0) {
          // large integers are valid timeouts too
          if (!(is_big(t) && !big_is_neg(t))) RAISE_ERROR(atom::timeout_value);
          p->timer_deadline = ~uint64_t(0);
        } else if (small_value(t) == 0) {
          NEXT(3);
        } else {
          p->timer_deadline = vm_monotonic_ns() + uint64_t(small_value(t)) * 1000000u;
        }
        p->timer_active = true;
      }
      p->i = I;
      goto suspend;
    }
    OP(timeout) {
      p->mbox.reset_position();
      if (p->timer_active) vm_cancel_recv_timer(p);
      NEXT(1);
    }
    // receive markers (process/mailbox.h); a marker is a small integer,
    // bound to a local reference
    OP(recv_marker_reserve) {
      D(1) = make_small(Sint(p->mbox.reserve_marker()));
      NEXT(2);
    }
    OP(recv_marker_bind) {
      Term m = S(1), ref = S(2);
      if (is_small(m) && is_local_ref(ref)) p->mbox.bind_marker(Uint(small_value(m)), RefKey::of(ref));
      NEXT(3);
    }
    OP(recv_marker_clear) {
      Term ref = S(1);
      if (is_local_ref(ref)) p->mbox.clear_marker(RefKey::of(ref));
      NEXT(2);
    }
    OP(recv_marker_use) {
      Term ref = S(1);
      if (is_local_ref(ref)) p->mbox.use_marker(RefKey::of(ref));
      NEXT(2);
    }

    // ---- floats ---------------------------------------------------------------
    OP(fmove_to_fr) {
      fr[I[2]] = float_value(S(1));
      NEXT(3);
    }
    OP(fmove_from_fr) {
      D(2) = make_float(p->heap, fr[I[1]]);
      NEXT(3);
    }
    OP(fmove_c_fr) {
      double d;
      std::memcpy(&d, &I[1], sizeof d);
      fr[I[2]] = d;
      NEXT(3);
    }
    OP(fmove_x_fr) {
      fr[I[2]] = float_value(XR(1));
      NEXT(3);
    }
    OP(fmove_fr_x) {
      XR(2) = make_float_at(p->heap.alloc(FLOAT_WORDS), fr[I[1]]);
      NEXT(3);
    }
    OP(fconv) {
      Term v = S(1);
      double d;
      if (is_float(v)) {
        d = float_value(v);
      } else if (is_small(v)) {
        d = double(small_value(v));
      } else if (!interp_number_to_double(v, &d)) {
        RAISE_ERROR(atom::badarith);
      }
      fr[I[2]] = d;
      NEXT(3);
    }
#define FLOAT_OP(name, expr)                      \
  OP(name) {                                      \
    double a = fr[I[1]], b = fr[I[2]];            \
    double r = (expr);                            \
    if (!std::isfinite(r)) RAISE_ERROR(atom::badarith); \
    fr[I[3]] = r;                                 \
    NEXT(4);                                      \
  }
    FLOAT_OP(fadd, a + b)
    FLOAT_OP(fsub, a - b)
    FLOAT_OP(fmul, a * b)
    FLOAT_OP(fdiv, a / b)
#undef FLOAT_OP
    OP(fnegate) {
      fr[I[2]] = -fr[I[1]];
      NEXT(3);
    }
    OP(fcheckerror) { NEXT(1); }

    // ---- maps -----------------------------------------------------------------
    OP(put_map_assoc) {
      Uint n = I[4];
      Term m = S(2);
      if (!is_map(m)) {
        RAISE_ERROR(make_tuple(p->heap, {atom::badmap, m}));
      }
      for (Uint i = 0; i < n; i += 2) m = map_put(p->heap, m, S(5 + i), S(6 + i));
      D(3) = m;
      NEXT(5 + n);
    }
    OP(put_map_exact) {
      Uint n = I[4];
      Term m = S(2);
      if (!is_map(m)) {
        if (I[1]) JUMP(I[1]);
        RAISE_ERROR(make_tuple(p->heap, {atom::badmap, m}));
      }
      for (Uint i = 0; i < n; i += 2) {
        Term k = S(5 + i);
        Term r = map_update(p->heap, m, k, S(6 + i));
        if (!is_value(r)) {
          if (I[1]) JUMP(I[1]);
          RAISE_ERROR(make_tuple(p->heap, {atom::badkey, k}));
        }
        m = r;
      }
      D(3) = m;
      NEXT(5 + n);
    }
    OP(get_map_elements) {
      Term m = S(2);
      Uint n = I[3];
      if (!is_map(m)) JUMP(I[1]);
      Term vals[128];
      Term* v = n / 2 <= 128 ? vals : p->heap.alloc(n / 2);
      for (Uint i = 0; i < n; i += 2) {
        const Term* found = map_get(m, S(4 + i));
        if (!found) JUMP(I[1]);
        v[i / 2] = *found;
      }
      for (Uint i = 0; i < n; i += 2) D(5 + i) = v[i / 2];
      NEXT(4 + n);
    }
    OP(has_map_fields) {
      Term m = S(2);
      Uint n = I[3];
      if (!is_map(m)) JUMP(I[1]);
      for (Uint i = 0; i < n; i++)
        if (!map_get(m, S(4 + i))) JUMP(I[1]);
      NEXT(4 + n);
    }

    // ---- binaries -------------------------------------------------------------
    OP(bs_create_bin) {
      Uint nsegs = I[4];
      SYNC_E();
      Term r = interp_bs_create_bin(p, x, E, I + 5, nsegs, I[2]);
      if (!is_value(r)) {
        if (I[1]) JUMP(I[1]);
        goto handle_error;
      }
      D(3) = r;
      NEXT(5 + nsegs * BS_SEGMENT_WORDS);
    }
    OP(bs_init_writable) {
      x[0] = new_binary(p->heap, nullptr, 0);
      NEXT(1);
    }
    OP(bs_start_match) {
      Term b = S(2);
      if (is_match_ctx(b)) {
        D(3) = b;
        NEXT(4);
      }
      if (!is_bitstring(b)) {
        if (I[1]) JUMP(I[1]);
        RAISE_ERROR(atom::badarg);
      }
      D(3) = interp_bs_start_match(p, b);
      NEXT(4);
    }
    OP(bs_get_integer) {
      Term r = interp_bs_get_integer(p, S(2), S(3), I[4], I[5]);
      if (!is_value(r)) {
        JUMP(I[1]);
      }
      D(6) = r;
      NEXT(7);
    }
    OP(bs_get_float) {
      Term r = interp_bs_get_float(p, S(2), S(3), I[4], I[5]);
      if (!is_value(r)) {
        JUMP(I[1]);
      }
      D(6) = r;
      NEXT(7);
    }
    OP(bs_get_binary) {
      Term r = interp_bs_get_binary(p, S(2), S(3), I[4], I[5]);
      if (!is_value(r)) {
        JUMP(I[1]);
      }
      D(6) = r;
      NEXT(7);
    }
    OP(bs_skip_bits) {
      if (!interp_bs_skip_bits(p, S(2), S(3), I[4])) {
        JUMP(I[1]);
      }
      NEXT(5);
    }
    OP(bs_test_tail) {
      auto* mc = reinterpret_cast<MatchCtx*>(boxed_ptr(S(2)));
      if (mc->end - mc->offset != I[3]) JUMP(I[1]);
      NEXT(4);
    }
    OP(bs_test_unit) {
      auto* mc = reinterpret_cast<MatchCtx*>(boxed_ptr(S(2)));
      if ((mc->end - mc->offset) % I[3] != 0) JUMP(I[1]);
      NEXT(4);
    }
    OP(bs_match_string) {
      if (!interp_bs_match_string(S(2), I[3], reinterpret_cast<const uint8_t*>(I[4])))
        JUMP(I[1]);
      NEXT(5);
    }
    OP(bs_get_tail) {
      D(2) = interp_bs_get_tail(p, S(1));
      NEXT(3);
    }
    OP(bs_get_position) {
      auto* mc = reinterpret_cast<MatchCtx*>(boxed_ptr(S(1)));
      D(2) = make_small(Sint(mc->offset));
      NEXT(3);
    }
    OP(bs_set_position) {
      auto* mc = reinterpret_cast<MatchCtx*>(boxed_ptr(S(1)));
      mc->offset = Uint(small_value(S(2)));
      NEXT(3);
    }
    OP(bs_get_utf8) {
      Term r = interp_bs_get_utf(p, S(2), 8, 0, true);
      if (!is_value(r)) JUMP(I[1]);
      D(3) = r;
      NEXT(4);
    }
    OP(bs_skip_utf8) {
      if (!is_value(interp_bs_get_utf(p, S(2), 8, 0, true))) JUMP(I[1]);
      NEXT(3);
    }
    OP(bs_get_utf16) {
      Term r = interp_bs_get_utf(p, S(2), 16, I[3], true);
      if (!is_value(r)) JUMP(I[1]);
      D(4) = r;
      NEXT(5);
    }
    OP(bs_skip_utf16) {
      if (!is_value(interp_bs_get_utf(p, S(2), 16, I[3], true))) JUMP(I[1]);
      NEXT(4);
    }
    OP(bs_get_utf32) {
      Term r = interp_bs_get_utf(p, S(2), 32, I[3], true);
      if (!is_value(r)) JUMP(I[1]);
      D(4) = r;
      NEXT(5);
    }
    OP(bs_skip_utf32) {
      if (!is_value(interp_bs_get_utf(p, S(2), 32, I[3], true))) JUMP(I[1]);
      NEXT(4);
    }
    OP(nop) { NEXT(1); }

#ifdef GIRDER_SWITCH_DISPATCH
    default:
      std::abort();
#endif
  }

arith_slow : {
  // plus/minus operands that are not two small integers
  auto fn = reinterpret_cast<BifFn>(I[2]);
  Term args[2] = {S(3), S(4)};
  Term r = fn(p, args);
  if (is_value(r)) {
    D(5) = r;
    NEXT(7);
  }
  if (I[1]) JUMP(I[1]);
  if (!I[6]) {
    site.bif = interp_bif_export(fn);
    Term* a = p->heap.alloc(2);
    a[0] = args[0];
    a[1] = args[1];
    site.bif_args = a;
  }
  goto handle_error;
}

do_apply : {
  const Term* target = interp_resolve_apply(p, x, x[apply_ar], x[apply_ar + 1], apply_ar);
  if (!target) {
    site.pc = I;
    goto handle_error_site;
  }
  I = target;
  CALL_REDS(apply_ar);
  DISPATCH();
}

  // ---- leaving the loop ---------------------------------------------------
bif_trap:
  // A BIF returned no value and raised nothing: it ended the process
  // (exit/2 on itself), it traps (bif/bif.h bif_trap: the call continues
  // as a call to s->trap_ep, returning where the BIF would have), or it
  // set the process up to resume elsewhere (erlang:hibernate/3: p->i,
  // p->cp, the arguments and the empty stack are set). Anything else is a
  // BIF bug: report it as badarg.
  if (p->status == ProcStatus::exiting) goto process_exit;
  if (s->dirty_fn) {
    // the call goes on on a dirty scheduler (bif/bif.h bif_dirty): the
    // process leaves this one at the call_bif with the BIF's arguments
    p->dirty_job = reinterpret_cast<void*>(s->dirty_fn);
    p->dirty_kind = uint8_t(s->dirty_kind);
    s->dirty_fn = nullptr;
    p->i = I;
    p->cp = CP;
    SYNC_E();
    p->arity = s->trap_arity;
    p->xsave.assign(s->trap_args, s->trap_args + s->trap_arity);
    p->reductions += CONTEXT_REDS - reds;
    return RunResult::dirty;
  }
  if (s->trap_ep) {
    Export* ep = s->trap_ep;
    unsigned ar = s->trap_arity;
    s->trap_ep = nullptr;
    for (unsigned k = 0; k < ar; k++) x[k] = s->trap_args[k];
    // I is the call_bif; what follows it says how the BIF was called
    const Term* after = I + 3;
    if (*after == instr_word(I_return_)) {
      // a tail call: the trap target returns to the caller's CP
    } else if (*after == instr_word(I_deallocate) || *after == instr_word(I_deallocate_return)) {
      CP = reinterpret_cast<const Term*>(E[0]);
      E += after[1] + 1;
      SYNC_E();
    } else {
      CP = after;
    }
    I = ep->address.load(std::memory_order_acquire);
    reds -= s->trap_reds;
    s->trap_reds = 0;
    CALL_REDS(ar);
    DISPATCH();
  }
  if (p->hibernating) {
    p->reductions += CONTEXT_REDS - reds;
    return p->status == ProcStatus::waiting ? RunResult::waiting : RunResult::yielded;
  }
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = atom::badarg;
  p->exc_info = THE_NON_VALUE;
  goto handle_error;

context_switch:
  if (p->heap.frag_words > FRAGMENT_GC_WORDS) {
    SYNC_E();
    gc_collect(p, 0, x, yield_live);
    E = p->heap.limit;
  }
  p->i = I;
  p->cp = CP;
  SYNC_E();
  p->arity = yield_live;
  p->xsave.assign(x, x + yield_live);
  p->reductions += CONTEXT_REDS - reds;
  p->status = ProcStatus::runnable;
  return RunResult::yielded;

suspend:
  p->cp = CP;
  SYNC_E();
  p->arity = 0;
  p->reductions += CONTEXT_REDS - reds;
  p->status = ProcStatus::waiting;
  return RunResult::waiting;

handle_error:
  site.pc = I;
handle_error_site:
  site.cp = CP;
  site.x = x;
  site.E = E;
  SYNC_E();
  {
    Term trace;
    if (p->exc_flags & EXC_TRACE_GIVEN) {
      trace = p->exc_args;
    } else {
      trace = build_stack_trace(p, site);
    }
    p->exc_trace = make_raw_trace(p, p->exc_class, trace);
  }
  site = RaiseSite{};
rethrow : {
  Term* new_E = nullptr;
  const Term* handler =
      p->catches > 0 && !(p->exc_flags & EXC_PANIC) ? find_catch(E, p->heap.end, &new_E) : nullptr;
  if (handler) {
    E = new_E;
    SYNC_E();
    CP = reinterpret_cast<const Term*>(E[0]);
    // ERTS's layout: reason, trace, class, so that try_case moves one register.
    x[0] = THE_NON_VALUE;
    x[1] = p->exc_reason;
    x[2] = p->exc_trace;
    x[3] = p->exc_class;
    p->exc_class = p->exc_reason = p->exc_info = THE_NON_VALUE;
    p->exc_trace = THE_NON_VALUE;
    JUMP(handler);
  }
  p->crashed = p->exc_class == atom::error || p->exc_class == atom::throw_;
  p->exit_reason = interp_exit_reason(p);
}
process_exit:
  p->cp = CP;
  SYNC_E();
  p->status = ProcStatus::exiting;
  p->reductions += CONTEXT_REDS - reds;
  return RunResult::exited;
}

void interp_init_export(Export* ep) {
  ep->trampoline[0] = instr_word(I_export_trampoline);
  ep->trampoline[1] = reinterpret_cast<Term>(ep);
  ep->address.store(ep->trampoline);
}

void interp_setup_call(Process* p, const Term* entry, const Term* args, Uint n) {
  p->i = entry;
  p->cp = normal_exit_code();
  p->arity = n;
  p->xsave.assign(args, args + n);
}

}  // namespace girder
