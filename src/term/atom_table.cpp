#include "term/atom_table.h"

#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace girder {

namespace {

struct AtomEntry {
  std::string name;   // UTF-8
  uint32_t hash;
  uint32_t chars;
  bool latin1;
};

constexpr Uint CHUNK_BITS = 14;
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
      insert_locked(n);
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
    std::shared_lock<std::shared_mutex> g(lock_);
    auto it = index_.find(name);
    return it == index_.end() ? THE_NON_VALUE : make_atom(it->second);
  }

  Term put(std::string_view name) {
    Term a = get(name);
    if (a != THE_NON_VALUE) return a;
    std::unique_lock<std::shared_mutex> g(lock_);
    return insert_locked(name);
  }

  Uint count() const { return count_; }

  AtomMemory memory() {
    std::shared_lock<std::shared_mutex> g(lock_);
    AtomMemory m;
    m.used = used_;
    m.space = space_ + used_;
    Uint chunks = (count_ + CHUNK_SIZE - 1) >> CHUNK_BITS;
    // an index node holds the key view, the value and the hash chain link
    m.table = chunks * CHUNK_SIZE * sizeof(AtomEntry) + index_.size() * 32 +
              index_.bucket_count() * sizeof(void*);
    return m;
  }

 private:
  Term insert_locked(std::string_view name) {
    auto it = index_.find(name);
    if (it != index_.end()) return make_atom(it->second);
    if (count_ >= MAX_ATOMS) return THE_NON_VALUE;
    Uint idx = count_;
    Uint c = idx >> CHUNK_BITS;
    if (!chunks_[c]) chunks_[c] = new AtomEntry[CHUNK_SIZE];
    AtomEntry& e = chunks_[c][idx & (CHUNK_SIZE - 1)];
    e.name.assign(name);
    e.hash = name_hash(name);
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
    // the key views the stored string, which never moves
    index_.emplace(std::string_view(e.name), idx);
    // a name longer than the string's inline buffer has its own block
    space_ += name.size() > 15 ? e.name.capacity() + 1 : 0;
    used_ += name.size();
    count_ = idx + 1;
    return make_atom(idx);
  }

  AtomEntry* chunks_[MAX_CHUNKS] = {};
  std::unordered_map<std::string_view, Uint> index_;
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
