#include "gc/copy.h"

#include <vector>

#include "term/binary.h"
#include "term/literal_region.h"
#include "term/map.h"

namespace girder {

namespace {

// Words after a boxed header that hold no terms (see gc.cpp, same layout).
Uint raw_words(const Term* obj) {
  Term hdr = obj[0];
  switch (header_subtag(hdr)) {
    case SUB_TUPLE:
      return 0;
    case SUB_SUB_BIN:
      return SUB_BIN_WORDS - 2;
    case SUB_FUN:
      return 3;
    case SUB_MAP:
      return map_raw_words(obj);
    case SUB_MATCH_CTX:
      return header_arity(hdr);  // never copied as a value
    default:
      return header_arity(hdr);
  }
}

// Whether t is copied: a literal is shared unless the copy must not
// depend on its module (with_literals).
bool needs_copy(Term t, bool with_literals) {
  return !is_immed(t) && (with_literals || !is_literal(t));
}

// The terms still to visit: most terms need only a few, held without
// touching the allocator.
class Pending {
 public:
  bool empty() const { return n_ == 0 && more_.empty(); }
  void push_back(Term t) {
    if (n_ < SMALL) {
      small_[n_++] = t;
    } else {
      more_.push_back(t);
    }
  }
  Term back() const { return more_.empty() ? small_[n_ - 1] : more_.back(); }
  void pop_back() {
    if (more_.empty()) {
      n_--;
    } else {
      more_.pop_back();
    }
  }

 private:
  static constexpr size_t SMALL = 32;
  Term small_[SMALL];
  size_t n_ = 0;
  std::vector<Term> more_;
};

Uint copy_size(Term root, bool with_literals) {
  Uint size = 0;
  Pending stack;
  if (needs_copy(root, with_literals)) stack.push_back(root);
  while (!stack.empty()) {
    Term t = stack.back();
    stack.pop_back();
    if (is_list(t)) {
      // walk the spine iteratively
      while (is_list(t) && needs_copy(t, with_literals)) {
        size += 2;
        Term h = car(t);
        if (needs_copy(h, with_literals)) stack.push_back(h);
        t = cdr(t);
      }
      if (needs_copy(t, with_literals)) stack.push_back(t);
      continue;
    }
    const Term* obj = boxed_ptr(t);
    Uint n = boxed_size(obj);
    size += n;
    for (Uint i = 1 + raw_words(obj); i < n; i++)
      if (needs_copy(obj[i], with_literals)) stack.push_back(obj[i]);
  }
  return size;
}

// Copies root into base (room for copy_size(root, with_literals) words),
// linking the refc binaries it copies into oh.
Term copy_into(Term root, Term* base, OffHeap& oh, bool with_literals) {
  if (!needs_copy(root, with_literals)) return root;
  Term* top = base;
  // Cheney-style: copy an object to top, then scan the copies and copy
  // what they point to. The source is not modified.
  auto copy_one = [&](Term t) -> Term {
    if (!needs_copy(t, with_literals)) return t;
    if (is_list(t)) {
      Term* c = list_ptr(t);
      Term* n = top;
      top += 2;
      n[0] = c[0];
      n[1] = c[1];
      return make_list(n);
    }
    const Term* obj = boxed_ptr(t);
    Uint n = boxed_size(obj);
    Term* d = top;
    top += n;
    std::memcpy(d, obj, n * sizeof(Term));
    if (is_off_heap_header(d[0])) {
      offheap_adopt_copy(oh, reinterpret_cast<OffHeapThing*>(d));
    } else if (header_subtag(d[0]) == SUB_SUB_BIN) {
      reinterpret_cast<SubBin*>(d)->is_writable = 0;
    }
    return make_boxed(d);
  };
  Term result = copy_one(root);
  Term* scan = base;
  while (scan < top) {
    Term w = *scan;
    if (is_header(w)) {
      scan += 1 + raw_words(scan);
      continue;
    }
    *scan = copy_one(w);
    scan++;
  }
  return result;
}

}  // namespace

Uint term_copy_size(Term t) { return copy_size(t, false); }

Term copy_term(Term t, Heap& h) {
  if (!needs_copy(t, false)) return t;
  return copy_into(t, h.alloc(copy_size(t, false)), h.off_heap, false);
}

Uint term_flat_size(Term t) { return copy_size(t, true); }

Term copy_term_flat(Term t, Term* dest, OffHeap& oh) { return copy_into(t, dest, oh, true); }

}  // namespace girder
