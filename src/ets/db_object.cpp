#include "ets/db_object.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "gc/copy.h"
#include "term/mem_stats.h"

namespace girder {

namespace {

Uint block_bytes(Uint words) { return offsetof(DbObject, data) + words * sizeof(Term); }

// A block for a copy of t (any term), counted as ETS memory; *root is
// the copy (it starts at data[0]).
DbObject* store(Term t, Term* root) {
  Uint words = term_flat_size(t);
  Uint bytes = block_bytes(words == 0 ? 1 : words);
  auto* obj = static_cast<DbObject*>(std::malloc(bytes));
  if (!obj || words > DbObject::MAX_WORDS) {
    std::fprintf(stderr, "girder: out of memory storing an ETS object of %lu words\n",
                 static_cast<unsigned long>(words));
    std::abort();
  }
  mem_add(MemKind::ets, int64_t(bytes));
  obj->next = nullptr;
  obj->hash = 0;
  obj->words = uint32_t(words);
  obj->dead_bit = 0;
  obj->off_heap = OffHeap{};
  *root = copy_term_flat(t, obj->data, obj->off_heap);
  return obj;
}

}  // namespace

DbObject* db_object_create(Term tuple) {
  Term root;
  return store(tuple, &root);
}

void db_object_free(DbObject* obj) {
  offheap_release(obj->off_heap);
  mem_sub(MemKind::ets, int64_t(db_object_bytes(obj)));
  std::free(obj);
}

Uint db_object_bytes(const DbObject* obj) { return block_bytes(obj->words == 0 ? 1 : obj->words); }

void DbTerm::set(Term t) {
  clear();
  if (is_immed(t)) {
    term = t;
    return;
  }
  block = store(t, &term);
}

void DbTerm::clear() {
  if (block) db_object_free(block);
  block = nullptr;
  term = NIL;
}

}  // namespace girder
