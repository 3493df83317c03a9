// Small out-of-line helpers of the interpreter.
#include "interp/exception.h"
#include "interp/interp_ops.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"

namespace girder {

void interp_adopt_message(Process* p, Message* m) {
  Heap* mh = m->frag_heap;
  if (mh) {
    Heap& h = p->heap;
    if (mh->frags) {
      Fragment* tail = mh->frags;
      while (tail->next) tail = tail->next;
      // keep the process's newest fragment first so alloc keeps using it
      if (h.frags) {
        tail->next = h.frags->next;
        h.frags->next = mh->frags;
      } else {
        h.frags = mh->frags;
      }
      h.frag_words += mh->frag_words;
    }
    if (mh->off_heap.first) {
      OffHeapThing* t = mh->off_heap.first;
      while (t->next) t = t->next;
      t->next = h.off_heap.first;
      h.off_heap.first = mh->off_heap.first;
      h.off_heap.overhead += mh->off_heap.overhead;
    }
    mh->frags = nullptr;
    mh->frag_words = 0;
    mh->off_heap = OffHeap{};
    delete mh;
    m->frag_heap = nullptr;
  }
  m->in_heap = true;
  p->mbox.note_adopted();
}

bool interp_number_to_double(Term v, double* out) {
  if (is_small(v)) {
    *out = double(small_value(v));
    return true;
  }
  if (is_float(v)) {
    *out = float_value(v);
    return true;
  }
  if (is_big(v)) return int_to_double(v, out);
  return false;
}

Term interp_exit_reason(Process* p) {
  Term cls = p->exc_class;
  Term reason = p->exc_reason;
  if (cls == atom::exit) return reason;
  Term trace = raw_trace_list(p->exc_trace);
  if (cls == atom::throw_) {
    reason = make_tuple(p->heap, {atom::nocatch, reason});
  }
  return make_tuple(p->heap, {reason, trace});
}

}  // namespace girder
