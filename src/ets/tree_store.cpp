#include "ets/tree_store.h"

#include "term/compare.h"

namespace girder {

namespace {
// Key order: == on numbers (1 and 1.0 are one key), the term order
// otherwise. Small integers compare without the general path.
inline bool key_less(Term a, Term b) {
  if (is_small(a) && is_small(b)) return small_value(a) < small_value(b);
  return compare_terms(a, b, false) < 0;
}
}  // namespace

bool TreeStore::Less::operator()(const Entry& a, const Entry& b) const { return key_less(a.key, b.key); }
bool TreeStore::Less::operator()(const Entry& a, Term key) const { return key_less(a.key, key); }
bool TreeStore::Less::operator()(Term key, const Entry& b) const { return key_less(key, b.key); }

TreeStore::TreeStore(Uint keypos) : keypos_(keypos), set_(Less{keypos}) {}

TreeStore::~TreeStore() { clear(); }

DbObject* TreeStore::find(Term key) const {
  auto it = set_.find(key);
  return it == set_.end() ? nullptr : it->obj;
}

bool TreeStore::insert(DbObject* obj, bool only_new) {
  auto [it, added] = set_.insert(Entry{obj, obj->key(keypos_)});
  if (added) {
    words_ += obj->words;
    return true;
  }
  if (only_new) return false;
  words_ += obj->words;
  drop(it->obj);
  it->obj = obj;
  it->key = obj->key(keypos_);
  return true;
}

Uint TreeStore::erase_key(Term key) {
  auto it = set_.find(key);
  if (it == set_.end()) return 0;
  erase(it);
  return 1;
}

Uint TreeStore::erase_object(Term object) {
  auto it = set_.find(tuple_ptr(object)[keypos_]);
  if (it == set_.end() || !eq_exact(it->obj->tuple(), object)) return 0;
  erase(it);
  return 1;
}

void TreeStore::replace(DbObject* old, DbObject* repl) {
  auto it = set_.find(old->key(keypos_));
  it->obj = repl;
  it->key = repl->key(keypos_);
  words_ += repl->words;
  drop(old);
}

void TreeStore::clear() {
  for (const Entry& e : set_) drop(e.obj);
  set_.clear();
}

DbObject* TreeStore::next(Term key) const {
  auto it = set_.upper_bound(key);
  return it == set_.end() ? nullptr : it->obj;
}

DbObject* TreeStore::prev(Term key) const {
  auto it = set_.lower_bound(key);
  if (it == set_.begin()) return nullptr;
  return (--it)->obj;
}

TreeStore::Iter TreeStore::erase(Iter it) {
  DbObject* o = it->obj;
  auto n = set_.erase(it);
  drop(o);
  return n;
}

}  // namespace girder
