#include "term/heap.h"

#include <algorithm>
#include <cstdio>

#include "term/binary.h"
#include "term/literal_region.h"
#include "term/resource.h"

namespace girder {

namespace {
constexpr Uint MIN_FRAGMENT_WORDS = 512;

Uint fragment_bytes(Uint words) { return sizeof(Fragment) + (words - 1) * sizeof(Term); }

Fragment* new_fragment(Uint words, bool literal, MemKind kind) {
  Uint bytes = fragment_bytes(words);
  Fragment* f;
  if (literal) {
    f = reinterpret_cast<Fragment*>(literal_alloc((bytes + 7) / 8));
  } else {
    f = static_cast<Fragment*>(std::malloc(bytes));
    if (!f) {
      std::fprintf(stderr, "girder: out of memory allocating %lu words\n",
                   static_cast<unsigned long>(words));
      std::abort();
    }
    mem_add(kind, int64_t(bytes));
  }
  f->next = nullptr;
  f->size = words;
  f->used = 0;
  return f;
}
}  // namespace

Heap::~Heap() { reset(); }

Term* Heap::alloc_slow(Uint words) {
  // Continue in the newest fragment if it has room.
  if (frags && frags->size - frags->used >= words) {
    Term* p = frags->mem + frags->used;
    frags->used += words;
    frag_words += words;
    return p;
  }
  // A heap without a block (a message's) gets exactly what its first
  // allocation asks for (copy_term asks once for the whole term); others
  // grow in fragments of at least MIN_FRAGMENT_WORDS.
  Uint size = !start && !frags ? words : std::max(words, std::max(MIN_FRAGMENT_WORDS, frag_words));
  Fragment* f = new_fragment(size, literal, mem_kind);
  f->next = frags;
  frags = f;
  f->used = words;
  frag_words += words;
  return f->mem;
}

bool is_off_heap_header(Term hdr) {
  return header_subtag(hdr) == SUB_REFC_BIN || hdr == RESOURCE_REF_HEADER;
}

void offheap_release_one(OffHeapThing* o) {
  if (o->header == RESOURCE_REF_HEADER) {
    resource_release_header(reinterpret_cast<ResourceRefThing*>(o)->resource);
  } else {
    binary_decref(reinterpret_cast<ProcBin*>(o)->val);
  }
}

void offheap_release(OffHeap& list) {
  for (OffHeapThing* o = list.first; o; o = o->next) offheap_release_one(o);
  list = OffHeap{};
}

Uint offheap_bytes(const OffHeapThing* o) {
  if (o->header == RESOURCE_REF_HEADER) return reinterpret_cast<const ResourceRefThing*>(o)->resource->size;
  return reinterpret_cast<const ProcBin*>(o)->size;
}

void offheap_link(OffHeap& list, OffHeapThing* o) {
  o->next = list.first;
  list.first = o;
  list.overhead += offheap_bytes(o);
}

void offheap_adopt_copy(OffHeap& list, OffHeapThing* o) {
  if (o->header == RESOURCE_REF_HEADER) {
    resource_keep_header(reinterpret_cast<ResourceRefThing*>(o)->resource);
  } else {
    auto* pb = reinterpret_cast<ProcBin*>(o);
    binary_incref(pb->val);
    pb->flags = 0;  // the copy is not the writer of an append
  }
  offheap_link(list, o);
}

void Heap::link_offheap(OffHeapThing* o) { offheap_link(off_heap, o); }

void Heap::adopt_offheap_copy(OffHeapThing* o) { offheap_adopt_copy(off_heap, o); }

void Heap::free_fragments() {
  if (literal) return;
  while (frags) {
    Fragment* n = frags->next;
    mem_sub(mem_kind, int64_t(fragment_bytes(frags->size)));
    std::free(frags);
    frags = n;
  }
  frag_words = 0;
}

void Heap::reset() {
  if (!literal) {
    offheap_release(off_heap);
    offheap_release(old_off_heap);
    mem_sub(mem_kind, int64_t((old_end - old_start) + (end - start) + spare_words) * int64_t(sizeof(Term)));
    std::free(old_start);
    free_fragments();
    std::free(start);
    std::free(spare);
  }
  spare = nullptr;
  spare_words = 0;
  hwm = old_start = old_htop = old_end = nullptr;
  start = htop = limit = end = nullptr;
  frags = nullptr;
}

Term make_tuple(Heap& h, std::initializer_list<Term> elems) {
  Term* p = h.alloc(elems.size() + 1);
  p[0] = make_header(elems.size(), SUB_TUPLE);
  Uint i = 1;
  for (Term e : elems) p[i++] = e;
  return make_boxed(p);
}

Term make_tuple_from(Heap& h, const Term* elems, Uint n) {
  Term* p = h.alloc(n + 1);
  p[0] = make_header(n, SUB_TUPLE);
  for (Uint i = 0; i < n; i++) p[i + 1] = elems[i];
  return make_boxed(p);
}

Term make_cons(Heap& h, Term head, Term tail) {
  Term* p = h.alloc(2);
  p[0] = head;
  p[1] = tail;
  return make_list(p);
}

Term make_float(Heap& h, double d) { return make_float_at(h.alloc(FLOAT_WORDS), d); }

Term make_integer(Heap& h, Sint v) {
  if (fits_small(v)) return make_small(v);
  Term* p = h.alloc(2);
  p[0] = make_header(1, v < 0 ? SUB_NEG_BIG : SUB_POS_BIG);
  p[1] = v < 0 ? Uint(0) - Uint(v) : Uint(v);
  return make_boxed(p);
}

Term make_uinteger(Heap& h, Uint v) {
  if (v <= Uint(MAX_SMALL)) return make_small(Sint(v));
  Term* p = h.alloc(2);
  p[0] = make_header(1, SUB_POS_BIG);
  p[1] = v;
  return make_boxed(p);
}

Term make_list_from(Heap& h, const Term* elems, Uint n, Term tail) {
  if (n == 0) return tail;
  Term* p = h.alloc(2 * n);
  for (Uint i = 0; i < n; i++) {
    p[2 * i] = elems[i];
    p[2 * i + 1] = i + 1 < n ? make_list(p + 2 * (i + 1)) : tail;
  }
  return make_list(p);
}

Term make_byte_list(Heap& h, const uint8_t* bytes, Uint n, Term tail) {
  if (n == 0) return tail;
  Term* p = h.alloc(2 * n);
  for (Uint i = 0; i < n; i++) {
    p[2 * i] = make_small(bytes[i]);
    p[2 * i + 1] = i + 1 < n ? make_list(p + 2 * (i + 1)) : tail;
  }
  return make_list(p);
}

Term make_string_list(Heap& h, const char* s) {
  return make_byte_list(h, reinterpret_cast<const uint8_t*>(s), std::strlen(s));
}

}  // namespace girder
