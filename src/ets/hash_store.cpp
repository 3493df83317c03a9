#include "ets/hash_store.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "ets/key_hash.h"
#include "term/compare.h"
#include "term/mem_stats.h"

namespace girder {

namespace {
constexpr Uint RESIZE_STEPS = 5;    // buckets split or joined per operation at most
constexpr Uint SEGTAB_HEADER = 6;   // words ERTS adds to a segment table
constexpr Uint FIRST_SEGTAB = 256;  // entries of ERTS's first extended segment table
constexpr Uint SEGTAB_STEP = 128;   // entries each later one adds
// ERTS shrinks a table with decentralized counters only from 100 buckets
// per lock on, so that one stripe's count is a fair estimate
constexpr Uint SAMPLE_BUCKETS_PER_LOCK = 100;

DbObject** new_segment(Uint n) {
  auto* s = static_cast<DbObject**>(std::calloc(n, sizeof(DbObject*)));
  if (!s) std::abort();
  mem_add(MemKind::ets, int64_t(n * sizeof(DbObject*)));
  return s;
}
void free_segment(DbObject** s, Uint n) {
  mem_sub(MemKind::ets, int64_t(n * sizeof(DbObject*)));
  std::free(s);
}
}  // namespace

HashStore::HashStore(TableType type, Uint keypos, Uint nlocks, bool decentralized)
    : type_(type), keypos_(keypos), nlocks_(nlocks) {
  if (decentralized) lock_items_.assign(nlocks, 0);
  segs_.push_back(new_segment(FIRST_SEG));
  nactive_ = FIRST_SEG;
  szm_ = FIRST_SEG - 1;
}

HashStore::~HashStore() {
  clear();
  free_segment(segs_[0], FIRST_SEG);
}

DbObject** HashStore::slot_ref(Uint ix) const {
  if (ix < FIRST_SEG) return &segs_[0][ix];
  Uint rel = ix - FIRST_SEG;
  return &segs_[1 + rel / EXT_SEG][rel % EXT_SEG];
}

// Linear hashing: buckets below the split pointer have been split in
// this doubling round and use the wider mask.
Uint HashStore::index_of(uint32_t hash) const {
  Uint ix = hash & szm_;
  if (ix >= nactive_) ix &= szm_ >> 1;
  return ix;
}

// o has key (live or dead)
bool HashStore::has_key(const DbObject* o, Term key, uint32_t h) const {
  if (o->hash != h) return false;
  Term k = o->key(keypos_);
  // an immediate equals only itself
  return k == key || (!is_immed(key) && eq_exact(k, key));
}

void HashStore::add_items(uint32_t h, Sint n) {
  nitems_ = Uint(Sint(nitems_) + n);
  if (!lock_items_.empty()) lock_items_[h & (nlocks_ - 1)] += n;
}

Uint HashStore::items_estimate(uint32_t h) const {
  if (lock_items_.empty()) return nitems_;
  Sint stripe = lock_items_[h & (nlocks_ - 1)];
  return nlocks_ * Uint(stripe <= 0 ? 1 : stripe);
}

DbObject* HashStore::find(Term key) const {
  uint32_t h = ets_key_hash(key);
  for (DbObject* o = *slot_ref(index_of(h)); o; o = o->next)
    if (!o->dead() && has_key(o, key, h)) return o;
  return nullptr;
}

DbObject* HashStore::next_same_key(const DbObject* obj) const {
  if (type_ == TableType::set) return nullptr;  // one object per key
  Term key = obj->key(keypos_);
  for (DbObject* o = obj->next; o && has_key(o, key, obj->hash); o = o->next)
    if (!o->dead()) return o;
  return nullptr;
}

bool HashStore::insert(DbObject* obj, bool only_new) {
  purge_if_unfixed();
  Term key = obj->key(keypos_);
  uint32_t h = ets_key_hash(key);
  obj->hash = h;
  obj->set_dead(false);
  DbObject** link = slot_ref(index_of(h));
  while (*link && !has_key(*link, key, h)) link = &(*link)->next;
  DbObject* group = *link;  // the key's group, or nullptr: a new key goes last
  if (group && type_ == TableType::set) {
    // one object per key: the new one takes the old one's place
    if (group->dead()) {
      ndead_--;
      add_items(h, 1);
    } else if (only_new) {
      return false;
    }
    obj->next = group->next;
    *link = obj;
    words_ += obj->words;
    drop(group);
    return true;
  }
  if (group && only_new) {
    for (DbObject* o = group; o && has_key(o, key, h); o = o->next)
      if (!o->dead()) return false;
  } else if (group && type_ == TableType::bag) {
    // an equal object is kept once; a dead equal one comes back, at the
    // group's head as if inserted anew
    for (DbObject** q = link; *q && has_key(*q, key, h); q = &(*q)->next) {
      DbObject* twin = *q;
      if (!eq_exact(twin->tuple(), obj->tuple())) continue;
      if (twin->dead()) {
        twin->set_dead(false);
        ndead_--;
        add_items(h, 1);
        if (twin != group) {
          *q = twin->next;
          twin->next = group;
          *link = twin;
        }
      }
      return false;
    }
  }
  obj->next = group;
  *link = obj;
  words_ += obj->words;
  add_items(h, 1);
  Uint items = items_estimate(h);
  if (items > nactive_ && !fixed()) grow(items);
  return true;
}

// Removes the live objects of key's group that `take` picks (after the
// first when `one`). While fixed, the group's first live object, if
// picked, stays as a dead one (ERTS keeps one per key, for next/2), the
// rest go.
template <class Take>
Uint HashStore::erase_group(Term key, Take&& take, bool one) {
  purge_if_unfixed();
  uint32_t h = ets_key_hash(key);
  DbObject** link = slot_ref(index_of(h));
  Uint n = 0, seen = 0;
  while (DbObject* o = *link) {
    if (!o->dead() && has_key(o, key, h)) {
      if (take(o)) {
        n++;
        if (++seen == 1 && fixed()) {
          mark_dead(o);
          link = &o->next;
        } else {
          *link = o->next;
          drop(o);
        }
        if (one) break;
        continue;
      }
      seen++;
    } else if (n > 0 && !o->dead()) {
      break;
    }
    link = &o->next;
  }
  if (n > 0) {
    add_items(h, -Sint(n));
    try_shrink(items_estimate(h));
  }
  return n;
}

Uint HashStore::erase_key(Term key) {
  return erase_group(key, [](const DbObject*) { return true; }, false);
}

Uint HashStore::erase_object(Term object) {
  Term key = tuple_ptr(object)[keypos_];
  return erase_group(key, [&](const DbObject* o) { return eq_exact(o->tuple(), object); },
                     type_ != TableType::duplicate_bag);
}

void HashStore::replace(DbObject* old, DbObject* repl) {
  repl->hash = old->hash;
  repl->set_dead(false);
  words_ += repl->words;
  DbObject** link = slot_ref(index_of(old->hash));
  while (*link != old) link = &(*link)->next;
  repl->next = old->next;
  *link = repl;
  drop(old);
}

void HashStore::remove(Uint ix, DbObject* obj) {
  DbObject** link = slot_ref(ix);
  while (*link != obj) link = &(*link)->next;
  add_items(obj->hash, -1);
  if (fixed()) {
    mark_dead(obj);
    return;
  }
  *link = obj->next;
  drop(obj);
}

void HashStore::clear() {
  for (Uint ix = 0; ix < nactive_; ix++) {
    DbObject** link = slot_ref(ix);
    while (DbObject* o = *link) {
      *link = o->next;
      drop(o);
    }
  }
  while (segs_.size() > 1) remove_segment();
  nactive_ = FIRST_SEG;
  szm_ = FIRST_SEG - 1;
  nitems_ = 0;
  ndead_ = 0;
  std::fill(lock_items_.begin(), lock_items_.end(), 0);
  set_shrink_limit();
}

Uint HashStore::erase_all() {
  Uint n = nitems_;
  if (!fixed()) {
    clear();
    return n;
  }
  for (Uint ix = 0; ix < nactive_; ix++)
    for (DbObject* o = *slot_ref(ix); o; o = o->next)
      if (!o->dead()) mark_dead(o);
  nitems_ = 0;
  std::fill(lock_items_.begin(), lock_items_.end(), 0);
  return n;
}

DbObject* HashStore::first() const {
  Uint ix = 0;
  do {
    for (DbObject* o = *slot_ref(ix); o; o = o->next)
      if (!o->dead()) return o;
  } while ((ix = next_slot(ix)) != 0);
  return nullptr;
}

DbObject* HashStore::next(Term key, bool* found) const {
  uint32_t h = ets_key_hash(key);
  Uint ix = index_of(h);
  DbObject* o = *slot_ref(ix);
  while (o && !has_key(o, key, h)) o = o->next;
  *found = o != nullptr;
  if (!o) return nullptr;
  while (o && has_key(o, key, h)) o = o->next;
  for (;;) {
    for (; o; o = o->next)
      if (!o->dead()) return o;
    if ((ix = next_slot(ix)) == 0) return nullptr;
    o = *slot_ref(ix);
  }
}

std::vector<Uint> HashStore::key_buckets(const std::vector<Term>& keys, bool all) const {
  std::vector<Uint> out;
  for (Term key : keys) {
    uint32_t h = ets_key_hash(key);
    Uint ix = index_of(h);
    if (!all) {
      DbObject* o = *slot_ref(ix);
      while (o && (o->dead() || !has_key(o, key, h))) o = o->next;
      if (!o) continue;
    }
    if (std::find(out.begin(), out.end(), ix) == out.end()) out.push_back(ix);
  }
  return out;
}

void HashStore::purge_dead() {
  for (Uint ix = 0; ix < nactive_ && ndead_ > 0; ix++) {
    DbObject** link = slot_ref(ix);
    while (DbObject* o = *link) {
      if (o->dead()) {
        *link = o->next;
        drop(o);
        ndead_--;
      } else {
        link = &o->next;
      }
    }
  }
}

// ERTS keeps the second segment once it exists and starts shrinking only
// when one segment can go and the load stays below one half.
void HashStore::set_shrink_limit() {
  Uint n = nslots();
  bool sample_ok = lock_items_.empty() || n >= SAMPLE_BUCKETS_PER_LOCK * nlocks_;
  shrink_limit_ = sample_ok && n >= FIRST_SEG + 2 * EXT_SEG ? (n - EXT_SEG) / 2 : 0;
}

void HashStore::add_segment() {
  Uint seg_ix = segs_.size();  // ERTS's index of the new segment
  // ERTS's segment table holds 1 entry, then 256, then 128 more each time
  Uint capacity = segtab_words_.empty() ? 1 : segtab_words_.back() - SEGTAB_HEADER;
  if (seg_ix == capacity) {
    Uint n = segtab_words_.empty() ? FIRST_SEGTAB : seg_ix + SEGTAB_STEP;
    segtab_words_.push_back(n + SEGTAB_HEADER);
  }
  segs_.push_back(new_segment(EXT_SEG));
  set_shrink_limit();
}

void HashStore::remove_segment() {
  Uint seg_ix = segs_.size() - 1;
  free_segment(segs_.back(), seg_ix == 0 ? FIRST_SEG : EXT_SEG);
  segs_.pop_back();
  // a segment table goes with the last segment it was made for
  Uint prev_capacity = segtab_words_.size() <= 1 ? 1 : segtab_words_[segtab_words_.size() - 2] - SEGTAB_HEADER;
  if (!segtab_words_.empty() && seg_ix == prev_capacity) segtab_words_.pop_back();
  set_shrink_limit();
}

// Splits buckets while `items` is above the bucket count: the bucket the
// pointer names into itself and the new top bucket, each keeping the
// order its objects had.
void HashStore::grow(Uint items) {
  for (Uint step = 0; step < RESIZE_STEPS && items > nactive_; step++) {
    if (nactive_ == nslots()) add_segment();
    Uint from;
    if (nactive_ <= szm_) {
      from = nactive_ & (szm_ >> 1);
    } else {
      from = 0;
      szm_ = (szm_ << 1) | 1;
    }
    Uint to = nactive_++;
    DbObject** keep = slot_ref(from);
    DbObject** move = slot_ref(to);
    DbObject* o = *keep;
    *keep = nullptr;
    *move = nullptr;
    while (o) {
      DbObject* n = o->next;
      o->next = nullptr;
      DbObject**& tail = (o->hash & szm_) == from ? keep : move;
      *tail = o;
      tail = &o->next;
      o = n;
    }
  }
}

// Joins top buckets into the ones they were split from while `items` is
// below the shrink limit: the top bucket's objects go in front.
void HashStore::try_shrink(Uint items) {
  if (items >= shrink_limit_ || fixed()) return;
  purge_if_unfixed();
  for (Uint step = 0; step < RESIZE_STEPS && items < shrink_limit_; step++) {
    Uint src = nactive_ - 1;
    Uint low = szm_ >> 1;
    Uint dst = src & low;
    DbObject** srcp = slot_ref(src);
    DbObject* moved = *srcp;
    *srcp = nullptr;
    nactive_ = src;
    if (dst == 0) szm_ = low;
    if (moved) {
      DbObject** tail = &moved->next;
      while (*tail) tail = &(*tail)->next;
      DbObject** dstp = slot_ref(dst);
      *tail = *dstp;
      *dstp = moved;
    }
    if (nslots() - src >= EXT_SEG) remove_segment();
  }
}

Uint HashStore::structure_words() const {
  Uint w = (segs_.size() - 1) * EXT_SEG;
  for (Uint s : segtab_words_) w += s;
  return w;
}

}  // namespace girder
