#include "ets/table.h"

#include <algorithm>

#include "term/atom_table.h"
#include "term/mem_stats.h"

namespace girder {

namespace {
// ERTS's fixed words for an empty table of each kind (DbTableHash with its
// first segment; DbTableTree; DbTableCATree), and what lock arrays add on
// more than one scheduler.
constexpr Uint HASH_TABLE_WORDS = 305;
constexpr Uint HASH_FINE_LOCK_WORDS = 1056;
constexpr Uint HASH_READ_CONCURRENCY_WORDS = 32;
constexpr Uint TREE_TABLE_WORDS = 139;
constexpr Uint CATREE_TABLE_WORDS = 133;
// per object: ERTS's HashDbTerm / TreeDbTerm header
constexpr Uint HASH_OBJECT_WORDS = 4;
constexpr Uint TREE_OBJECT_WORDS = 5;
// per fixing process: ERTS's DbFixation
constexpr Uint FIXATION_WORDS = 9;

// ERTS's rule: never without write_concurrency; as asked when asked;
// else on with write_concurrency auto, and for an ordered_set with
// write_concurrency true.
bool decentralized_default(const TableOptions& o) {
  if (o.write_concurrency == NIL || o.write_concurrency == atom::am_false) return false;
  if (o.decentralized_counters >= 0) return o.decentralized_counters;
  return o.write_concurrency == atom::auto_ || o.type == TableType::ordered_set;
}
}  // namespace

Table::Table(const TableOptions& o, Term name_, Term owner_)
    : type(o.type),
      keypos(o.keypos),
      named(o.named),
      read_concurrency(o.read_concurrency),
      compressed(o.compressed),
      decentralized_counters(decentralized_default(o)),
      write_concurrency(o.write_concurrency == NIL ? atom::am_false : o.write_concurrency),
      name(name_),
      owner(owner_),
      access(o.access) {
  mem_add(MemKind::ets, sizeof(Table));
  if (type == TableType::ordered_set) {
    tree_ = std::make_unique<TreeStore>(keypos);
    base_words_ = write_concurrency == atom::am_false ? TREE_TABLE_WORDS : CATREE_TABLE_WORDS;
  } else {
    hash_ = std::make_unique<HashStore>(type, keypos);
    base_words_ = HASH_TABLE_WORDS;
    if (o.many_schedulers && write_concurrency != atom::am_false) base_words_ += HASH_FINE_LOCK_WORDS;
    if (o.many_schedulers && read_concurrency) base_words_ += HASH_READ_CONCURRENCY_WORDS;
  }
  if (is_value(o.heir)) {
    heir = o.heir;
    heir_data.set(o.heir_data);
  }
}

Table::~Table() {
  heir_data.clear();
  mem_sub(MemKind::ets, sizeof(Table));
}

bool Table::insert(DbObject* obj, bool only_new) {
  bool kept = hash_ ? hash_->insert(obj, only_new) : tree_->insert(obj, only_new);
  if (!kept) db_object_free(obj);
  return kept;
}

Uint Table::erase_key(Term key) { return hash_ ? hash_->erase_key(key) : tree_->erase_key(key); }

Uint Table::erase_object(Term object) { return hash_ ? hash_->erase_object(object) : tree_->erase_object(object); }

void Table::clear() { hash_ ? hash_->clear() : tree_->clear(); }

Uint Table::memory_words() const {
  Uint w = base_words_ + heir_data.words() + FIXATION_WORDS * fixations.size();
  if (hash_) return w + hash_->structure_words() + hash_->object_words() + HASH_OBJECT_WORDS * hash_->objects_held();
  return w + tree_->object_words() + TREE_OBJECT_WORDS * tree_->count();
}

void Table::fix(Term pid, uint64_t monotonic_ns, uint64_t system_us) {
  if (fixations.empty()) {
    fix_monotonic_ns = monotonic_ns;
    fix_system_us = system_us;
  }
  for (Fixation& f : fixations) {
    if (f.pid == pid) {
      f.count++;
      return;
    }
  }
  // ERTS lists the latest fixer first
  fixations.insert(fixations.begin(), Fixation{pid, 1});
  fix_storage();
}

void Table::unfix(Term pid) {
  auto it = std::find_if(fixations.begin(), fixations.end(), [&](const Fixation& f) { return f.pid == pid; });
  if (it == fixations.end()) return;
  if (--it->count > 0) return;
  fixations.erase(it);
  unfix_storage();
  // as ERTS, the table resizes again at its next change, not here
  if (hash_) hash_->purge_if_unfixed();
}

void Table::release_fixations(Term pid) {
  auto it = std::find_if(fixations.begin(), fixations.end(), [&](const Fixation& f) { return f.pid == pid; });
  if (it == fixations.end()) return;
  fixations.erase(it);
  unfix_storage();
  // as ERTS, the table resizes again at its next change, not here
  if (hash_) hash_->purge_if_unfixed();
}

}  // namespace girder
