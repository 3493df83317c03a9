#include "ets/table_registry.h"

#include <algorithm>

#include "term/atom_table.h"

namespace girder {

namespace {
std::atomic<DeferFreeFn> g_defer_free{nullptr};

void delete_table(void* t) { delete static_cast<Table*>(t); }
}  // namespace

void ets_set_defer_free(DeferFreeFn f) { g_defer_free.store(f, std::memory_order_release); }

void ets_defer_free(void (*fn)(void*), void* obj) {
  DeferFreeFn f = g_defer_free.load(std::memory_order_acquire);
  if (f) {
    f(fn, obj);
  } else {
    fn(obj);
  }
}

TableRegistry& ets_registry() {
  static TableRegistry* r = new TableRegistry;
  return *r;
}

TableRegistry::TableRegistry() = default;

TableRegistry::~TableRegistry() {
  for (auto& c : ids_) delete[] c.load();
  for (auto& c : names_) delete[] c.load();
}

TableRegistry::Slots* TableRegistry::slot(const std::atomic<Slots*>* chunks, Uint i) {
  if (i >= NCHUNKS * CHUNK) return nullptr;
  Slots* c = chunks[i >> CHUNK_BITS].load(std::memory_order_acquire);
  return c ? &c[i & (CHUNK - 1)] : nullptr;
}

TableRegistry::Slots& TableRegistry::ensure(std::atomic<Slots*>* chunks, Uint i) {
  std::atomic<Slots*>& c = chunks[i >> CHUNK_BITS];
  if (!c.load(std::memory_order_relaxed)) c.store(new Slots[CHUNK](), std::memory_order_release);
  return c.load(std::memory_order_relaxed)[i & (CHUNK - 1)];
}

Table* TableRegistry::by_id(Term t, bool* is_id) const {
  *is_id = false;
  if (!is_local_ref(t)) return nullptr;
  const auto* r = reinterpret_cast<const RefThing*>(boxed_ptr(t));
  if (r->num[2] != TABLE_REF_MARK) return nullptr;
  *is_id = true;
  Slots* s = slot(ids_, r->num[0]);
  Table* tab = s ? s->load(std::memory_order_acquire) : nullptr;
  return tab && tab->serial == r->num[1] ? tab : nullptr;
}

Table* TableRegistry::by_name(Term name) const {
  if (!is_atom(name)) return nullptr;
  Slots* s = slot(names_, atom_index(name));
  return s ? s->load(std::memory_order_acquire) : nullptr;
}

bool TableRegistry::add(Table* t) {
  std::lock_guard<std::mutex> g(lock_);
  if (t->named) {
    if (atom_index(t->name) >= NCHUNKS * CHUNK) return false;
    Slots& n = ensure(names_, atom_index(t->name));
    if (n.load(std::memory_order_relaxed)) return false;
    n.store(t, std::memory_order_release);
  }
  uint32_t s;
  if (!free_slots_.empty()) {
    s = free_slots_.back();
    free_slots_.pop_back();
  } else {
    s = next_slot_++;
  }
  t->slot = s;
  t->serial = next_serial_++;
  if (next_serial_ == 0) next_serial_ = 1;
  ensure(ids_, s).store(t, std::memory_order_release);
  owned_[t->owner].push_back(t);
  count_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void TableRegistry::erase_from(std::unordered_map<Term, std::vector<Table*>>& m, Term pid, Table* t) {
  auto it = m.find(pid);
  if (it == m.end()) return;
  auto& v = it->second;
  v.erase(std::remove(v.begin(), v.end(), t), v.end());
  if (v.empty()) m.erase(it);
}

void TableRegistry::remove(Table* t) {
  {
    std::lock_guard<std::mutex> g(lock_);
    slot(ids_, t->slot)->store(nullptr, std::memory_order_release);
    if (t->named) {
      Slots* n = slot(names_, atom_index(t->name));
      if (n && n->load(std::memory_order_relaxed) == t) n->store(nullptr, std::memory_order_release);
    }
    free_slots_.push_back(t->slot);
    erase_from(owned_, t->owner, t);
    for (const Fixation& f : t->fixations) erase_from(fixed_, f.pid, t);
    count_.fetch_sub(1, std::memory_order_relaxed);
  }
  ets_defer_free(delete_table, t);
}

bool TableRegistry::rename(Table* t, Term name) {
  std::lock_guard<std::mutex> g(lock_);
  if (atom_index(name) >= NCHUNKS * CHUNK) return false;
  Slots& n = ensure(names_, atom_index(name));
  if (n.load(std::memory_order_relaxed)) return false;  // its own name included
  n.store(t, std::memory_order_release);
  slot(names_, atom_index(t->name))->store(nullptr, std::memory_order_release);
  t->name = name;
  return true;
}

bool TableRegistry::set_owner(Table* t, Process* to) {
  std::lock_guard<std::mutex> g(lock_);
  if (to->run_state.load(std::memory_order_seq_cst) == RS_DONE) return false;
  erase_from(owned_, t->owner, t);
  t->owner = to->id;
  owned_[to->id].push_back(t);
  return true;
}

void TableRegistry::note_fixer(Table* t, Term pid, bool fixing) {
  std::lock_guard<std::mutex> g(lock_);
  if (fixing) {
    fixed_[pid].push_back(t);
  } else {
    erase_from(fixed_, pid, t);
  }
}

std::vector<Table*> TableRegistry::take_owned(Term pid) {
  std::lock_guard<std::mutex> g(lock_);
  auto it = owned_.find(pid);
  if (it == owned_.end()) return {};
  std::vector<Table*> v = std::move(it->second);
  owned_.erase(it);
  return v;
}

std::vector<Table*> TableRegistry::take_fixed(Term pid) {
  std::lock_guard<std::mutex> g(lock_);
  auto it = fixed_.find(pid);
  if (it == fixed_.end()) return {};
  std::vector<Table*> v = std::move(it->second);
  fixed_.erase(it);
  return v;
}

std::vector<Table*> TableRegistry::all() const {
  std::lock_guard<std::mutex> g(lock_);
  std::vector<Table*> v;
  for (uint32_t i = 0; i < next_slot_; i++)
    if (Table* t = slot(ids_, i)->load(std::memory_order_relaxed)) v.push_back(t);
  return v;
}

Term table_id_term(Heap& h, const Table& t) {
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = t.slot;
  r->num[1] = t.serial;
  r->num[2] = TABLE_REF_MARK;
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

}  // namespace girder
