#include "bif/binary_search.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <utility>

#include "bif/binary_util.h"
#include "term/atom_table.h"

namespace girder {

// Compiled pattern format (all numbers native-endian, read with memcpy so
// that any alignment works):
//
//   [0, 7)   "GirdPat"          magic
//   7        'b' | 'a'          one pattern | automaton
//   [8, 16)  u64 serial         distinct for every compilation
//   'b': the pattern bytes follow.
//   'a': u32 n (nodes, root is 0), u32 e (edges), u32 root_next[256],
//        u32 depth[n], u32 fail[n], i32 final[n], u32 edge_begin[n + 1],
//        u32 edge_target[e], u8 edge_byte[e]
//   final is 1 where a pattern ends, -1 where one ends further down the
//   failure chain, else 0. Edges of a node are sorted by byte. Root edges
//   are also in root_next (0 = none), which is what the search uses.
//
// A loaded automaton is checked once (indices in range, failure links to
// strictly shallower nodes, consistent final marks), so that a forged
// binary can produce wrong answers but never a wild read or endless loop.

namespace {

constexpr char MAGIC[7] = {'G', 'i', 'r', 'd', 'P', 'a', 't'};
constexpr Uint HEADER = 16;
constexpr char KIND_ONE = 'b';
constexpr char KIND_MANY = 'a';

std::atomic<uint64_t> next_serial{1};

uint32_t rd32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void wr32(std::vector<uint8_t>& out, uint32_t v) {
  uint8_t b[4];
  std::memcpy(b, &v, 4);
  out.insert(out.end(), b, b + 4);
}

// Offsets of the automaton's arrays for n nodes and e edges.
struct AcLayout {
  Uint root, depth, fail, final_, ebegin, etarget, ebyte, end;
  AcLayout(Uint n, Uint e) {
    root = HEADER + 8;
    depth = root + 256 * 4;
    fail = depth + n * 4;
    final_ = fail + n * 4;
    ebegin = final_ + n * 4;
    etarget = ebegin + (n + 1) * 4;
    ebyte = etarget + e * 4;
    end = ebyte + e;
  }
};

// Read access to a loaded automaton.
struct Ac {
  const uint8_t* d;
  AcLayout L;
  Ac(const uint8_t* data, Uint n, Uint e) : d(data), L(n, e) {}
  uint32_t depth(uint32_t q) const { return rd32(d + L.depth + 4 * q); }
  uint32_t fail(uint32_t q) const { return rd32(d + L.fail + 4 * q); }
  int32_t final_(uint32_t q) const { return int32_t(rd32(d + L.final_ + 4 * q)); }
  uint32_t ebegin(uint32_t q) const { return rd32(d + L.ebegin + 4 * q); }
  uint32_t root_next(uint8_t b) const { return rd32(d + L.root + 4 * b); }
  // Child of q (not the root) on byte b, or 0.
  uint32_t child(uint32_t q, uint8_t b) const {
    uint32_t lo = ebegin(q), hi = ebegin(q + 1);
    const uint8_t* bytes = d + L.ebyte;
    while (lo < hi) {
      uint32_t mid = (lo + hi) / 2;
      if (bytes[mid] < b) {
        lo = mid + 1;
      } else if (bytes[mid] > b) {
        hi = mid;
      } else {
        return rd32(d + L.etarget + 4 * mid);
      }
    }
    return 0;
  }
  // The automaton's transition: follow failure links until b can be read.
  uint32_t step(uint32_t q, uint8_t b) const {
    while (q != 0) {
      if (uint32_t c = child(q, b)) return c;
      q = fail(q);
    }
    return root_next(b);
  }
  // The pattern that ends at q's failure chain first (q must be final).
  uint32_t real_final(uint32_t q) const {
    while (final_(q) < 0) q = fail(q);
    return q;
  }
};

// ---- compilation ---------------------------------------------------------------

struct Patterns {
  std::vector<ByteSpan> items;
  bool multi = false;  // a list of more than one pattern
};

// ERTS's rules: a non-empty binary, or a proper list of non-empty binaries
// with at least one element.
bool collect_patterns(Term arg, Patterns* out) {
  if (is_list(arg)) {
    Term t = arg;
    for (; is_list(t); t = cdr(t)) {
      Term b = car(t);
      if (!is_byte_binary(b) || bit_view(b).bit_size == 0) return false;
      out->items.emplace_back(b);
    }
    if (!is_nil(t)) return false;
    out->multi = out->items.size() > 1;
    return true;
  }
  if (is_byte_binary(arg) && bit_view(arg).bit_size > 0) {
    out->items.emplace_back(arg);
    return true;
  }
  return false;
}

void put_header(std::vector<uint8_t>& out, char kind) {
  out.insert(out.end(), MAGIC, MAGIC + sizeof MAGIC);
  out.push_back(uint8_t(kind));
  uint64_t serial = next_serial.fetch_add(1, std::memory_order_relaxed);
  uint8_t b[8];
  std::memcpy(b, &serial, 8);
  out.insert(out.end(), b, b + 8);
}

void build_automaton(const Patterns& pats, std::vector<uint8_t>& out) {
  struct Node {
    uint32_t depth = 0, fail = 0;
    int32_t final_ = 0;
    std::vector<std::pair<uint8_t, uint32_t>> kids;  // sorted by byte
  };
  std::vector<Node> nodes(1);
  auto find_kid = [&](uint32_t q, uint8_t b) -> uint32_t {
    auto& k = nodes[q].kids;
    auto it = std::lower_bound(k.begin(), k.end(), std::make_pair(b, uint32_t(0)));
    return it != k.end() && it->first == b ? it->second : 0;
  };
  for (const ByteSpan& p : pats.items) {
    uint32_t q = 0;
    for (Uint i = 0; i < p.size(); i++) {
      uint8_t b = p[i];
      uint32_t c = find_kid(q, b);
      if (!c) {
        c = uint32_t(nodes.size());
        Node n;
        n.depth = nodes[q].depth + 1;
        nodes.push_back(std::move(n));
        auto& k = nodes[q].kids;
        k.insert(std::lower_bound(k.begin(), k.end(), std::make_pair(b, uint32_t(0))),
                 std::make_pair(b, c));
      }
      q = c;
    }
    nodes[q].final_ = 1;
  }
  // Failure links breadth first: a node's link is the longest proper
  // suffix of its string that is also in the trie.
  std::deque<uint32_t> queue;
  for (auto [b, c] : nodes[0].kids) queue.push_back(c);
  while (!queue.empty()) {
    uint32_t u = queue.front();
    queue.pop_front();
    for (auto [b, c] : nodes[u].kids) {
      queue.push_back(c);
      uint32_t r = nodes[u].fail;
      uint32_t f = 0;
      for (;;) {
        if (uint32_t k = find_kid(r, b)) {
          f = k;
          break;
        }
        if (r == 0) break;
        r = nodes[r].fail;
      }
      nodes[c].fail = f;
      if (!nodes[c].final_ && nodes[f].final_) nodes[c].final_ = -1;
    }
  }

  uint32_t n = uint32_t(nodes.size());
  uint32_t e = n - 1;  // every node but the root has exactly one parent edge
  put_header(out, KIND_MANY);
  wr32(out, n);
  wr32(out, e);
  for (int b = 0; b < 256; b++) wr32(out, find_kid(0, uint8_t(b)));
  for (auto& x : nodes) wr32(out, x.depth);
  for (auto& x : nodes) wr32(out, x.fail);
  for (auto& x : nodes) wr32(out, uint32_t(x.final_));
  uint32_t at = 0;
  for (auto& x : nodes) {
    wr32(out, at);
    at += uint32_t(x.kids.size());
  }
  wr32(out, at);
  for (auto& x : nodes)
    for (auto [b, c] : x.kids) wr32(out, c);
  for (auto& x : nodes)
    for (auto [b, c] : x.kids) out.push_back(b);
}

void compile(const Patterns& pats, std::vector<uint8_t>& out) {
  if (!pats.multi) {
    put_header(out, KIND_ONE);
    const ByteSpan& p = pats.items[0];
    out.insert(out.end(), p.data(), p.data() + p.size());
  } else {
    build_automaton(pats, out);
  }
}

// Checks that an automaton is well formed (see the comment at the top).
bool automaton_ok(const uint8_t* d, Uint size, Uint n, Uint e) {
  if (n == 0 || n > (size / 16) + 1 || e > size) return false;
  AcLayout L(n, e);
  if (L.end != size) return false;
  Ac ac(d, n, e);
  if (ac.depth(0) != 0 || ac.final_(0) != 0 || ac.ebegin(0) != 0 || ac.ebegin(uint32_t(n)) != e)
    return false;
  for (int b = 0; b < 256; b++) {
    uint32_t c = ac.root_next(uint8_t(b));
    if (c >= n || (c != 0 && ac.depth(c) != 1)) return false;
  }
  for (uint32_t q = 0; q < n; q++) {
    uint32_t lo = ac.ebegin(q), hi = ac.ebegin(q + 1);
    if (lo > hi || hi > e) return false;
    for (uint32_t i = lo; i < hi; i++) {
      uint32_t c = rd32(d + L.etarget + 4 * i);
      if (c == 0 || c >= n || ac.depth(c) != ac.depth(q) + 1) return false;
      if (i > lo && d[L.ebyte + i] <= d[L.ebyte + i - 1]) return false;
    }
    int32_t f = ac.final_(q);
    if (f < -1 || f > 1) return false;
    if (q != 0) {
      uint32_t fl = ac.fail(q);
      if (fl >= n || ac.depth(fl) >= ac.depth(q)) return false;
      if (f == -1 && ac.final_(fl) == 0) return false;
    }
  }
  return true;
}

}  // namespace

bool PatternSearcher::adopt(const uint8_t* data, Uint size) {
  if (size < HEADER || std::memcmp(data, MAGIC, sizeof MAGIC) != 0) return false;
  data_ = data;
  size_ = size;
  if (data[7] == KIND_ONE) {
    multi_ = false;
    return size > HEADER;
  }
  if (data[7] != KIND_MANY || size < HEADER + 8) return false;
  multi_ = true;
  nodes_ = rd32(data + HEADER);
  edges_ = rd32(data + HEADER + 4);
  return automaton_ok(data, size, nodes_, edges_);
}

bool PatternSearcher::load(Term pattern) {
  if (is_tuple(pattern)) {
    if (tuple_arity(pattern) != 2) return false;
    Term tag = tuple_elem(pattern, 1), bin = tuple_elem(pattern, 2);
    if ((tag != atom::bm && tag != atom::ac) || !is_byte_binary(bin)) return false;
    BitView v = bit_view(bin);
    const uint8_t* bytes;
    if (v.aligned()) {
      bytes = v.bytes + (v.bit_offset >> 3);
    } else {
      ByteSpan copy(v);
      own_.assign(copy.data(), copy.data() + copy.size());
      bytes = own_.data();
    }
    if (!adopt(bytes, v.byte_size())) return false;
    return multi_ == (tag == atom::ac);
  }
  Patterns pats;
  if (!collect_patterns(pattern, &pats)) return false;
  compile(pats, own_);
  return adopt(own_.data(), own_.size());
}

bool PatternSearcher::find_first(const uint8_t* hay, Uint start, Uint end, BinMatch* m) const {
  if (!multi_) {
    const uint8_t* pat = data_ + HEADER;
    Uint len = size_ - HEADER;
    if (end - start < len) return false;
    const void* at = memmem(hay + start, end - start, pat, len);
    if (!at) return false;
    *m = BinMatch{Uint(static_cast<const uint8_t*>(at) - hay), len};
    return true;
  }
  Ac ac(data_, nodes_, edges_);
  uint32_t q = 0;
  bool found = false;
  Uint cand_start = 0;
  uint32_t cand = 0;
  for (Uint i = start; i < end;) {
    q = ac.step(q, hay[i]);
    ++i;
    // No later match can start at or before the candidate.
    if (found && i - ac.depth(q) > cand_start) break;
    if (ac.final_(q)) {
      uint32_t r = ac.real_final(q);
      Uint rstart = i - ac.depth(r);
      // ERTS compares the candidate's length with the current node's depth.
      if (!found || rstart < cand_start || (rstart == cand_start && ac.depth(cand) < ac.depth(q))) {
        found = true;
        cand_start = rstart;
        cand = r;
      }
    }
  }
  if (found) *m = BinMatch{cand_start, ac.depth(cand)};
  return found;
}

void PatternSearcher::find_all(const uint8_t* hay, Uint start, Uint end,
                               std::vector<BinMatch>* out) const {
  out->clear();
  if (!multi_) {
    const uint8_t* pat = data_ + HEADER;
    Uint len = size_ - HEADER;
    Uint j = start;
    while (end - j >= len) {
      const void* at = memmem(hay + j, end - j, pat, len);
      if (!at) break;
      Uint pos = Uint(static_cast<const uint8_t*>(at) - hay);
      out->push_back(BinMatch{pos, len});
      j = pos + len;
    }
    return;
  }
  // out[0, m) are the matches kept so far; a new match may pop the ones it
  // beats, but if it then overlaps what remains it is dropped and the popped
  // ones come back (they are still in the vector above m).
  Ac ac(data_, nodes_, edges_);
  std::vector<BinMatch>& v = *out;
  Uint m = 0;
  uint32_t q = 0;
  for (Uint i = start; i < end;) {
    q = ac.step(q, hay[i]);
    ++i;
    for (uint32_t r = q; ac.final_(r) != 0; r = ac.fail(r)) {
      r = ac.real_final(r);
      Uint len = ac.depth(r);
      Uint rstart = i - len;
      Uint saved = m;
      while (m > 0 && (v[m - 1].pos > rstart || (v[m - 1].pos == rstart && v[m - 1].len < len))) m--;
      if (m == 0 || v[m - 1].pos + v[m - 1].len <= rstart) {
        if (m == v.size()) v.push_back(BinMatch{});
        v[m++] = BinMatch{rstart, len};
      } else {
        m = saved;
      }
    }
  }
  v.resize(m);
}

Term binary_compile_pattern(Heap& h, Term pattern) {
  Patterns pats;
  if (!collect_patterns(pattern, &pats)) return THE_NON_VALUE;
  std::vector<uint8_t> data;
  compile(pats, data);
  Term bin = new_binary(h, data.data(), data.size());
  return make_tuple(h, {pats.multi ? atom::ac : atom::bm, bin});
}

}  // namespace girder
