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

bool needs_copy(Term t) {
  return !is_immed(t) && !is_literal(t);
}

}  // namespace

Uint term_copy_size(Term root) {
  Uint size = 0;
  std::vector<Term> stack;
  if (needs_copy(root)) stack.push_back(root);
  while (!stack.empty()) {
    Term t = stack.back();
    stack.pop_back();
    if (is_list(t)) {
      // walk the spine iteratively
      while (is_list(t) && !is_literal(t)) {
        size += 2;
        Term h = car(t);
        if (needs_copy(h)) stack.push_back(h);
        t = cdr(t);
      }
      if (needs_copy(t)) stack.push_back(t);
      continue;
    }
    const Term* obj = boxed_ptr(t);
    Uint n = boxed_size(obj);
    size += n;
    for (Uint i = 1 + raw_words(obj); i < n; i++)
      if (needs_copy(obj[i])) stack.push_back(obj[i]);
  }
  return size;
}

Term copy_term(Term root, Heap& h) {
  if (!needs_copy(root)) return root;
  Uint size = term_copy_size(root);
  Term* base = h.alloc(size);
  Term* top = base;
  // Cheney-style: copy an object to top, then scan the copies and copy
  // what they point to. The source is not modified.
  auto copy_one = [&](Term t) -> Term {
    if (!needs_copy(t)) return t;
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
      h.adopt_offheap_copy(reinterpret_cast<OffHeapThing*>(d));
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

}  // namespace girder
