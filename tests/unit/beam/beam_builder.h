// Builds .beam images by hand for tests that need one precise defect:
// chunks are given as bytes, operands with the compact term encoding of
// beam_asm:encode/2.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace girder::beam::test {

using Bytes = std::vector<uint8_t>;

inline void put32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}
inline void put16(Bytes& b, uint16_t v) {
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}
inline uint32_t get32(const Bytes& b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 |
         b[at + 3];
}
inline void set32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (24 - 8 * i));
}

enum Tag : uint8_t { U = 0, I = 1, A = 2, X = 3, Y = 4, F = 5, H = 6, Z = 7 };

// Minimal two's complement big-endian bytes of v (as beam_asm writes them:
// non-negative values keep a leading 0 bit).
inline Bytes int_bytes(__int128 v) {
  Bytes b;
  for (;;) {
    b.insert(b.begin(), uint8_t(v & 0xff));
    __int128 rest = v >> 8;
    bool sign = b.front() & 0x80;
    if ((rest == 0 && !sign) || (rest == -1 && sign)) break;
    v = rest;
  }
  return b;
}

// beam_asm:encode(Tag, N) for any N (negative only meaningful for tag i).
inline Bytes enc(uint8_t tag, __int128 n) {
  if (n >= 0 && n < 16) return {uint8_t(n << 4 | tag)};
  if (n >= 0 && n < 0x800)
    return {uint8_t(((n >> 3) & 0xE0) | tag | 0x08), uint8_t(n & 0xff)};
  Bytes bytes = int_bytes(n);
  if (bytes.size() < 2) bytes.insert(bytes.begin(), n < 0 ? 0xff : 0);
  Bytes out;
  if (bytes.size() <= 8) {
    out.push_back(uint8_t((bytes.size() - 2) << 5 | 0x18 | tag));
  } else {
    out.push_back(uint8_t(0xF8 | tag));
    Bytes len = enc(U, bytes.size() - 9);
    out.insert(out.end(), len.begin(), len.end());
  }
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

// A long-form number from its raw bytes (at least 2).
inline Bytes enc_raw(uint8_t tag, const Bytes& bytes) {
  Bytes out;
  if (bytes.size() <= 8) {
    out.push_back(uint8_t((bytes.size() - 2) << 5 | 0x18 | tag));
  } else {
    out.push_back(uint8_t(0xF8 | tag));
    Bytes len = enc(U, bytes.size() - 9);
    out.insert(out.end(), len.begin(), len.end());
  }
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// One instruction: opcode then operands.
inline Bytes op(uint8_t opcode, std::initializer_list<Bytes> operands = {}) {
  Bytes out{opcode};
  for (const Bytes& o : operands) out.insert(out.end(), o.begin(), o.end());
  return out;
}

struct BeamBuilder {
  std::vector<std::pair<std::string, Bytes>> chunks;

  void add(const std::string& id, Bytes data) { chunks.emplace_back(id, std::move(data)); }

  Bytes build() const {
    Bytes body{'B', 'E', 'A', 'M'};
    for (const auto& [id, data] : chunks) {
      body.insert(body.end(), id.begin(), id.end());
      put32(body, uint32_t(data.size()));
      body.insert(body.end(), data.begin(), data.end());
      while (body.size() % 4) body.push_back(0);
    }
    Bytes file{'F', 'O', 'R', '1'};
    put32(file, uint32_t(body.size()));
    file.insert(file.end(), body.begin(), body.end());
    return file;
  }
};

inline Bytes atom_chunk(std::initializer_list<std::string> names) {
  Bytes b;
  put32(b, uint32_t(names.size()));
  for (const std::string& n : names) {
    b.push_back(uint8_t(n.size()));
    b.insert(b.end(), n.begin(), n.end());
  }
  return b;
}

inline Bytes code_chunk(const Bytes& instructions, uint32_t labels, uint32_t functions,
                        uint32_t max_opcode = 180, uint32_t version = 0) {
  Bytes b;
  put32(b, 16);
  put32(b, version);
  put32(b, max_opcode);
  put32(b, labels);
  put32(b, functions);
  b.insert(b.end(), instructions.begin(), instructions.end());
  return b;
}

// Entries of (function atom, arity, label) for ExpT/LocT, or (m, f, a) for ImpT.
inline Bytes triple_table(std::initializer_list<std::array<uint32_t, 3>> rows) {
  Bytes b;
  put32(b, uint32_t(rows.size()));
  for (const auto& r : rows)
    for (uint32_t v : r) put32(b, v);
  return b;
}

// Module m with atoms m (1), f (2), more...; the function f/0 is
//   label 1; func_info m f 0; label 2; <body>; return; int_code_end
// with `labels` labels; exported.
inline BeamBuilder module_with_body(const Bytes& body, uint32_t labels = 3) {
  BeamBuilder b;
  b.add("AtU8", atom_chunk({"m", "f", "ok"}));
  Bytes code = cat({op(1, {enc(U, 1)}), op(2, {enc(A, 1), enc(A, 2), enc(U, 0)}),
                    op(1, {enc(U, 2)}), body, op(19), op(3)});
  b.add("Code", code_chunk(code, labels, 1));
  b.add("StrT", {});
  b.add("ImpT", triple_table({}));
  b.add("ExpT", triple_table({{2, 0, 2}}));
  return b;
}

}  // namespace girder::beam::test
