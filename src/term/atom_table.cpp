#include "term/atom_table.h"

#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace girder {

namespace {

struct AtomEntry {
  std::string name;   // UTF-8
  uint32_t hash;
  uint32_t chars;
  bool latin1;
};

// Entries are made a chunk at a time (each entry's string is constructed):
// small chunks keep a VM with few atoms from touching memory it never uses.
constexpr Uint CHUNK_BITS = 10;
constexpr Uint CHUNK_SIZE = Uint(1) << CHUNK_BITS;
constexpr Uint MAX_CHUNKS = MAX_ATOMS / CHUNK_SIZE;

// hashpjw over the name; a two-byte UTF-8 sequence for a Latin-1 character
// is folded into that character first, as ERTS does (so that the hash of an
// atom does not depend on whether it was made from Latin-1 or UTF-8 text).
uint32_t name_hash(std::string_view s) {
  uint32_t h = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  Uint len = s.size();
  while (len--) {
    uint32_t v = *p++;
    if (len && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) {
      v = uint8_t((v << 6) | (*p & 0x3F));
      p++;
      len--;
    }
    h = (h << 4) + v;
    uint32_t g = h & 0xf0000000u;
    if (g) {
      h ^= (g >> 24);
      h ^= g;
    }
  }
  return h;
}

class AtomTable {
 public:
  AtomTable() {
    static const char* const names[] = {
#define ATOM(id, text) text,
#include "term/atoms.def"
#undef ATOM
    };
    for (const char* n : names) {
      Uint before = count_;
      insert_locked(n, name_hash(n));
      if (count_ == before) {
        std::fprintf(stderr, "girder: atoms.def lists \"%s\" twice\n", n);
        std::abort();
      }
    }
  }

  const AtomEntry& entry(Uint index) const {
    return chunks_[index >> CHUNK_BITS][index & (CHUNK_SIZE - 1)];
  }

  Term get(std::string_view name) {
    uint32_t h = name_hash(name);
    std::shared_lock<std::shared_mutex> g(lock_);
    Uint idx = find(name, h);
    return idx == NONE ? THE_NON_VALUE : make_atom(idx);
  }

  Term put(std::string_view name) {
    uint32_t h = name_hash(name);
    {
      std::shared_lock<std::shared_mutex> g(lock_);
      Uint idx = find(name, h);
      if (idx != NONE) return make_atom(idx);
    }
    std::unique_lock<std::shared_mutex> g(lock_);
    return insert_locked(name, h);
  }

  Uint count() const { return count_; }

  AtomMemory memory() {
    std::shared_lock<std::shared_mutex> g(lock_);
    AtomMemory m;
    m.used = used_;
    m.space = space_ + used_;
    Uint chunks = (count_ + CHUNK_SIZE - 1) >> CHUNK_BITS;
    // an index node holds the key view, the value and the hash chain link
    m.table = chunks * CHUNK_SIZE * sizeof(AtomEntry) + slots_.size() * sizeof(uint32_t);
    return m;
  }

 private:
  static constexpr Uint NONE = ~Uint(0);

  // The slot a hash starts probing at: hashpjw's bits mixed, as its low
  // bits alone cluster for names that differ only at the end.
  Uint home(uint32_t h) const { return Uint((uint64_t(h) * 0x9E3779B97F4A7C15ull) >> 32) & (slots_.size() - 1); }

  // The index of the atom named `name` (hash h), or NONE. Open addressing
  // with linear probing; a slot holds index + 1, 0 when empty.
  Uint find(std::string_view name, uint32_t h) const {
    if (slots_.empty()) return NONE;
    Uint mask = slots_.size() - 1;
    for (Uint i = home(h);; i = (i + 1) & mask) {
      uint32_t s = slots_[i];
      if (s == 0) return NONE;
      const AtomEntry& e = entry(s - 1);
      if (e.hash == h && e.name == name) return s - 1;
    }
  }

  void place(Uint idx) {
    Uint mask = slots_.size() - 1;
    Uint i = home(entry(idx).hash);
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = uint32_t(idx + 1);
  }

  // At most half full, so that a probe for a missing name ends soon.
  void grow_if_needed() {
    if ((count_ + 1) * 2 <= slots_.size()) return;
    std::vector<uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 4096 : old.size() * 2, 0);
    for (uint32_t s : old)
      if (s != 0) place(s - 1);
  }

  // (h is name_hash(name): callers have it already)
  Term insert_locked(std::string_view name, uint32_t h) {
    Uint found = find(name, h);
    if (found != NONE) return make_atom(found);
    if (count_ >= MAX_ATOMS) return THE_NON_VALUE;
    grow_if_needed();
    Uint idx = count_;
    Uint c = idx >> CHUNK_BITS;
    if (!chunks_[c]) chunks_[c] = new AtomEntry[CHUNK_SIZE];
    AtomEntry& e = chunks_[c][idx & (CHUNK_SIZE - 1)];
    e.name.assign(name);
    e.hash = h;
    uint32_t chars = 0;
    bool latin1 = true;
    for (Uint i = 0; i < name.size();) {
      uint8_t b = uint8_t(name[i]);
      Uint len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      if (len == 2 && b > 0xC3) latin1 = false;
      if (len > 2) latin1 = false;
      i += len;
      chars++;
    }
    e.chars = chars;
    e.latin1 = latin1;
    place(idx);
    // a name longer than the string's inline buffer has its own block
    space_ += name.size() > 15 ? e.name.capacity() + 1 : 0;
    used_ += name.size();
    count_ = idx + 1;
    return make_atom(idx);
  }

  AtomEntry* chunks_[MAX_CHUNKS] = {};
  std::vector<uint32_t> slots_;  // the index by name (see find)
  std::shared_mutex lock_;
  std::atomic<Uint> count_{0};
  Uint space_ = 0;  // out-of-line name blocks
  Uint used_ = 0;   // name characters (bytes)
};

AtomTable& table() {
  static AtomTable t;
  return t;
}

std::string latin1_to_utf8(const uint8_t* bytes, Uint n) {
  std::string s;
  s.reserve(n);
  for (Uint i = 0; i < n; i++) {
    uint8_t c = bytes[i];
    if (c < 0x80) {
      s.push_back(char(c));
    } else {
      s.push_back(char(0xC0 | (c >> 6)));
      s.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return s;
}

}  // namespace

std::string_view atom_name(Term a) { return table().entry(atom_index(a)).name; }
Term atom_put(std::string_view utf8) { return table().put(utf8); }
Term atom_get(std::string_view utf8) { return table().get(utf8); }
Term atom_put_latin1(const uint8_t* bytes, Uint n) {
  return table().put(latin1_to_utf8(bytes, n));
}
Term atom_get_latin1(const uint8_t* bytes, Uint n) {
  return table().get(latin1_to_utf8(bytes, n));
}
Uint atom_char_count(Term a) { return table().entry(atom_index(a)).chars; }
bool atom_is_latin1(Term a) { return table().entry(atom_index(a)).latin1; }
Uint atom_count() { return table().count(); }
AtomMemory atom_memory() { return table().memory(); }
uint32_t atom_hash(Term a) { return table().entry(atom_index(a)).hash; }

}  // namespace girder
