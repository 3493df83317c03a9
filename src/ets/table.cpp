#include "ets/table.h"

#include <algorithm>

#include "term/atom_table.h"
#include "term/mem_stats.h"

namespace girder {

namespace {
// ERTS's fixed words for an empty table of each kind (DbTableHash with its
// first segment; DbTableTree; DbTableCATree without decentralized
// counters), and what its locks and counters add on more than one
// scheduler.
constexpr Uint HASH_TABLE_WORDS = 305;
constexpr Uint TREE_TABLE_WORDS = 139;
constexpr Uint CATREE_TABLE_WORDS = 99;
constexpr Uint READ_CONCURRENCY_WORDS = 32;   // a frequent-read table lock
constexpr Uint FINE_LOCKS = 64;               // ERTS's lock count for write_concurrency
constexpr Uint FINE_LOCK_WORDS = 16;          // one lock, cache-line aligned
constexpr Uint FINE_READ_LOCK_WORDS = 48;     // one frequent-read lock
constexpr Uint DECENTRALIZED_WORDS = 34;      // the counters
// per object: ERTS's HashDbTerm / TreeDbTerm header
constexpr Uint HASH_OBJECT_WORDS = 4;
constexpr Uint TREE_OBJECT_WORDS = 5;
// per fixing process: ERTS's DbFixation
constexpr Uint FIXATION_WORDS = 9;

// ERTS's rules: a private table has no concurrency options; a single
// scheduler takes no write_concurrency (read_concurrency stays, without
// its lock).
bool read_concurrency_of(const TableOptions& o) { return o.read_concurrency && o.access != Access::private_; }
Term write_concurrency_of(const TableOptions& o) {
  if (o.write_concurrency == NIL || o.access == Access::private_ || !o.many_schedulers) return atom::am_false;
  return o.write_concurrency;
}
// Only with write_concurrency; as asked when asked; else on with
// write_concurrency auto, and for an ordered_set.
bool decentralized_of(const TableOptions& o) {
  Term wc = write_concurrency_of(o);
  if (wc == atom::am_false) return false;
  if (o.decentralized_counters >= 0) return o.decentralized_counters;
  return wc == atom::auto_ || o.type == TableType::ordered_set;
}
}  // namespace

Table::Table(const TableOptions& o, Term name_, Term owner_)
    : type(o.type),
      keypos(o.keypos),
      named(o.named),
      compressed(o.compressed),
      read_concurrency(read_concurrency_of(o)),
      write_concurrency(write_concurrency_of(o)),
      decentralized_counters(decentralized_of(o)),
      name(name_),
      owner(owner_),
      access(o.access) {
  mem_add(MemKind::ets, sizeof(Table));
  bool fine = write_concurrency != atom::am_false;
  bool rc_lock = read_concurrency && o.many_schedulers;
  if (type == TableType::ordered_set) {
    tree_ = std::make_unique<TreeStore>(keypos);
    base_words_ = fine ? CATREE_TABLE_WORDS : TREE_TABLE_WORDS;
    if (rc_lock) base_words_ += READ_CONCURRENCY_WORDS;
  } else {
    // fine-grained locks: ERTS walks the buckets in strides of the lock
    // count, and counts per lock with decentralized counters
    hash_ = std::make_unique<HashStore>(type, keypos, fine ? FINE_LOCKS : 1, decentralized_counters);
    base_words_ = HASH_TABLE_WORDS;
    if (rc_lock || fine) base_words_ += READ_CONCURRENCY_WORDS;
    if (fine) base_words_ += FINE_LOCKS * (read_concurrency ? FINE_READ_LOCK_WORDS : FINE_LOCK_WORDS);
  }
  if (decentralized_counters) base_words_ += DECENTRALIZED_WORDS;
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
  // as ERTS, unfixing frees the dead; the table resizes again at its next
  // insert or delete, not here
  if (hash_) hash_->purge_if_unfixed();
}

void Table::release_fixations(Term pid) {
  auto it = std::find_if(fixations.begin(), fixations.end(), [&](const Fixation& f) { return f.pid == pid; });
  if (it == fixations.end()) return;
  fixations.erase(it);
  unfix_storage();
  // as ERTS, unfixing frees the dead; the table resizes again at its next
  // insert or delete, not here
  if (hash_) hash_->purge_if_unfixed();
}

}  // namespace girder
