#include "ets/tree_store.h"

#include <atomic>

#include "term/compare.h"

namespace girder {

namespace {
// Key order: == on numbers (1 and 1.0 are one key), the term order
// otherwise. Small integers compare without the general path.
inline bool key_less(Term a, Term b) {
  if (is_small(a) && is_small(b)) return small_value(a) < small_value(b);
  return compare_terms(a, b, false) < 0;
}

std::atomic<uint64_t> g_versions{1};

// Where this thread's last first/next ended (see TreeStore::next). Only
// the thread itself reads or writes it; the tree's version says whether
// the iterator is still good (readers hold the table's lock shared, so
// the version cannot change under them).
struct NextHint {
  const void* tree = nullptr;
  uint64_t version = 0;
  TreeStore::Iter it;
};
thread_local NextHint t_hint;
}  // namespace

void TreeStore::changed() { version_ = g_versions.fetch_add(1, std::memory_order_relaxed); }

void TreeStore::remember(Iter it) const {
  if (it == set_.end()) return;
  t_hint.tree = this;
  t_hint.version = version_;
  t_hint.it = it;
}

bool TreeStore::Less::operator()(const Entry& a, const Entry& b) const { return key_less(a.key, b.key); }
bool TreeStore::Less::operator()(const Entry& a, Term key) const { return key_less(a.key, key); }
bool TreeStore::Less::operator()(Term key, const Entry& b) const { return key_less(key, b.key); }

TreeStore::TreeStore(Uint keypos) : keypos_(keypos), set_(Less{keypos}) { changed(); }

TreeStore::~TreeStore() { clear(); }

DbObject* TreeStore::find(Term key) const {
  auto it = set_.find(key);
  return it == set_.end() ? nullptr : it->obj;
}

bool TreeStore::insert(DbObject* obj, bool only_new) {
  auto [it, added] = set_.insert(Entry{obj, obj->key(keypos_)});
  if (added) {
    words_ += obj->words;
    changed();
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
  changed();
}

DbObject* TreeStore::first() const {
  if (set_.empty()) return nullptr;
  remember(set_.begin());
  return set_.begin()->obj;
}

DbObject* TreeStore::next(Term key) const {
  Iter it;
  if (t_hint.tree == this && t_hint.version == version_ && !key_less(t_hint.it->key, key) &&
      !key_less(key, t_hint.it->key)) {
    it = std::next(t_hint.it);  // the walk goes on where it was
  } else {
    it = set_.upper_bound(key);
  }
  remember(it);
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
  changed();
  return n;
}

}  // namespace girder
