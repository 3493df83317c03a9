#include "ets/hash_store.h"

#include <cstdlib>
#include <cstring>

#include "ets/key_hash.h"
#include "term/compare.h"
#include "term/mem_stats.h"

namespace girder {

namespace {
constexpr Uint FIRST_SEG = 256;     // buckets in the first segment
constexpr Uint EXT_SEG = 2048;      // buckets in every later one
constexpr Uint GROW_STEPS = 5;      // buckets split or joined per operation at most
constexpr Uint SEGTAB_HEADER = 6;   // words ERTS adds to a segment table
constexpr Uint FIRST_SEGTAB = 256;  // entries of ERTS's first extended segment table
constexpr Uint SEGTAB_STEP = 128;   // entries each later one adds

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
Uint segment_size(Uint i) { return i == 0 ? FIRST_SEG : EXT_SEG; }
uint32_t key_hash(Term key) { return ets_key_hash(key) & DbObject::HASH_MASK; }
}  // namespace

HashStore::HashStore(TableType type, Uint keypos) : type_(type), keypos_(keypos) {
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

bool HashStore::same_key(const DbObject* o, Term key, uint32_t h) const {
  if (o->hash() != h) return false;
  Term k = o->key(keypos_);
  // an immediate equals only itself
  return k == key || (!is_immed(key) && eq_exact(k, key));
}

DbObject* HashStore::find(Term key) const {
  uint32_t h = key_hash(key);
  for (DbObject* o = *slot_ref(index_of(h)); o; o = o->next)
    if (!o->dead() && same_key(o, key, h)) return o;
  return nullptr;
}

DbObject* HashStore::next_same_key(const DbObject* obj) const {
  Term key = obj->key(keypos_);
  for (DbObject* o = obj->next; o && same_key(o, key, obj->hash()); o = o->next)
    if (!o->dead()) return o;
  return nullptr;
}

bool HashStore::insert(DbObject* obj, bool only_new) {
  Term key = obj->key(keypos_);
  uint32_t h = key_hash(key);
  obj->set_hash(h);
  DbObject** link = slot_ref(index_of(h));
  while (*link && !same_key(*link, key, h)) link = &(*link)->next;
  if (*link) {
    // the key group starts at *link
    bool live = false;
    for (DbObject* o = *link; o && same_key(o, key, h); o = o->next) live |= !o->dead();
    if (only_new && live) return false;
    if (type_ == TableType::set) {
      // one object per key: the new one takes the old one's place
      words_ += obj->words;
      DbObject* old = *link;
      obj->next = old->next;
      *link = obj;
      if (old->dead()) {
        ndead_--;
        nitems_++;
      }
      drop(old);
      return true;
    }
    // bag, duplicate_bag: append at the end of the key group, unless a
    // bag already holds an equal object (a dead equal one comes back)
    DbObject** end = link;
    DbObject** dead_twin = nullptr;
    for (; *end && same_key(*end, key, h); end = &(*end)->next) {
      if (type_ == TableType::bag && eq_exact((*end)->tuple(), obj->tuple())) {
        if (!(*end)->dead()) return false;
        dead_twin = end;
      }
    }
    if (dead_twin) {
      DbObject* twin = *dead_twin;
      *dead_twin = twin->next;
      if (end == &twin->next) end = dead_twin;
      drop(twin);
      ndead_--;
    }
    obj->next = *end;
    *end = obj;
    words_ += obj->words;
  } else {
    obj->next = nullptr;
    *link = obj;
    words_ += obj->words;
  }
  nitems_++;
  return true;
}

void HashStore::unlink_free(DbObject** link) {
  DbObject* o = *link;
  nitems_--;
  if (fixed()) {
    o->set_dead();
    ndead_++;
    return;
  }
  *link = o->next;
  drop(o);
}

Uint HashStore::erase_key(Term key) {
  uint32_t h = key_hash(key);
  DbObject** link = slot_ref(index_of(h));
  while (*link && !same_key(*link, key, h)) link = &(*link)->next;
  Uint n = 0;
  while (*link && same_key(*link, key, h)) {
    if ((*link)->dead()) {
      link = &(*link)->next;
      continue;
    }
    DbObject* before = *link;
    unlink_free(link);
    n++;
    if (*link == before) link = &before->next;  // left in place, dead
  }
  return n;
}

Uint HashStore::erase_object(Term object) {
  Term key = tuple_ptr(object)[keypos_];
  uint32_t h = key_hash(key);
  DbObject** link = slot_ref(index_of(h));
  while (*link && !same_key(*link, key, h)) link = &(*link)->next;
  Uint n = 0;
  while (*link && same_key(*link, key, h)) {
    DbObject* o = *link;
    if (!o->dead() && eq_exact(o->tuple(), object)) {
      unlink_free(link);
      n++;
      if (type_ != TableType::duplicate_bag) break;
      if (*link == o) link = &o->next;
      continue;
    }
    link = &o->next;
  }
  return n;
}

void HashStore::replace(DbObject* old, DbObject* repl) {
  repl->set_hash(old->hash());
  words_ += repl->words;
  DbObject** link = slot_ref(index_of(old->hash()));
  while (*link != old) link = &(*link)->next;
  repl->next = old->next;
  *link = repl;
  drop(old);
}

void HashStore::remove(Uint ix, DbObject* obj) {
  DbObject** link = slot_ref(ix);
  while (*link != obj) link = &(*link)->next;
  unlink_free(link);
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
}

Uint HashStore::erase_all() {
  Uint n = nitems_;
  if (!fixed()) {
    clear();
    return n;
  }
  for (Uint ix = 0; ix < nactive_; ix++) {
    for (DbObject* o = *slot_ref(ix); o; o = o->next) {
      if (o->dead()) continue;
      o->set_dead();
      ndead_++;
    }
  }
  nitems_ = 0;
  return n;
}

DbObject* HashStore::first() const {
  for (Uint ix = 0; ix < nactive_; ix++)
    for (DbObject* o = *slot_ref(ix); o; o = o->next)
      if (!o->dead()) return o;
  return nullptr;
}

DbObject* HashStore::next(Term key, bool* found) const {
  uint32_t h = key_hash(key);
  Uint ix = index_of(h);
  DbObject* o = *slot_ref(ix);
  while (o && !same_key(o, key, h)) o = o->next;
  *found = o != nullptr;
  if (!o) return nullptr;
  while (o && same_key(o, key, h)) o = o->next;
  for (;;) {
    for (; o; o = o->next)
      if (!o->dead()) return o;
    if (++ix >= nactive_) return nullptr;
    o = *slot_ref(ix);
  }
}


void HashStore::purge_dead() {
  if (ndead_ == 0) return;
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
Uint HashStore::shrink_limit() const {
  Uint nslots = FIRST_SEG + (segs_.size() - 1) * EXT_SEG;
  return nslots >= FIRST_SEG + 2 * EXT_SEG ? (nslots - EXT_SEG) / 2 : 0;
}

void HashStore::resize_if_needed() {
  if (fixed()) return;
  purge_dead();
  for (Uint i = 0; i < GROW_STEPS && nitems_ > nactive_; i++) grow();
  for (Uint i = 0; i < GROW_STEPS && nactive_ > FIRST_SEG && nitems_ < shrink_limit(); i++) shrink();
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
}

void HashStore::remove_segment() {
  Uint seg_ix = segs_.size() - 1;
  free_segment(segs_.back(), segment_size(seg_ix));
  segs_.pop_back();
  // a segment table goes with the last segment it was made for
  Uint prev_capacity = segtab_words_.size() <= 1 ? 1 : segtab_words_[segtab_words_.size() - 2] - SEGTAB_HEADER;
  if (!segtab_words_.empty() && seg_ix == prev_capacity) segtab_words_.pop_back();
}

// Splits bucket `from` into itself and the new bucket nactive_, keeping
// the chain order in both (key groups stay together: same hash).
void HashStore::grow() {
  Uint nslots = FIRST_SEG + (segs_.size() - 1) * EXT_SEG;
  if (nactive_ == nslots) add_segment();
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
    if ((o->hash() & szm_) == from) {
      *keep = o;
      keep = &o->next;
    } else {
      *move = o;
      move = &o->next;
    }
    o = n;
  }
}

// Joins the top bucket into the one it was split from.
void HashStore::shrink() {
  Uint src = nactive_ - 1;
  Uint low = szm_ >> 1;
  Uint dst = src & low;
  DbObject** tail = slot_ref(dst);
  while (*tail) tail = &(*tail)->next;
  DbObject** srcp = slot_ref(src);
  *tail = *srcp;
  *srcp = nullptr;
  nactive_ = src;
  if (dst == 0) szm_ = low;
  Uint nslots = FIRST_SEG + (segs_.size() - 1) * EXT_SEG;
  if (nslots - src >= EXT_SEG) remove_segment();
}

Uint HashStore::structure_words() const {
  Uint w = (segs_.size() - 1) * EXT_SEG;
  for (Uint s : segtab_words_) w += s;
  return w;
}

}  // namespace girder
