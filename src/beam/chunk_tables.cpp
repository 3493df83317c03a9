// The table chunks: atoms (AtU8, or the Latin-1 Atom of old compilers),
// imports (ImpT), exports and locals (ExpT, LocT), funs (FunT), and the
// string table (StrT, copied by read_beam).
#include "beam/beam_parse.h"
#include "term/atom_table.h"

namespace girder::beam {

namespace {

// ERTS's limit on function arity (MAX_ARG).
constexpr uint32_t MAX_ARITY = 255;

Term atom_at(const ByteReader& r, Uint at, const BeamFile& bf, uint32_t index) {
  if (index == 0 || index >= bf.atoms.size())
    r.fail_at(at, "atom index " + std::to_string(index) + " out of range (" +
                      std::to_string(bf.atoms.size() - 1) + " atoms)");
  return bf.atoms[index];
}

uint32_t arity_at(const ByteReader& r, Uint at, uint32_t arity) {
  if (arity > MAX_ARITY)
    r.fail_at(at, "arity " + std::to_string(arity) + " exceeds " +
                      std::to_string(MAX_ARITY));
  return arity;
}

void expect_end(const ByteReader& r) {
  if (!r.at_end())
    r.fail(std::to_string(r.remaining()) + " bytes left over after the last entry");
}

}  // namespace

bool utf8_valid(const uint8_t* s, Uint n, Uint* chars) {
  Uint count = 0;
  for (Uint i = 0; i < n; ++count) {
    uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    Uint len;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (Uint k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  *chars = count;
  return true;
}

void read_atoms(const ChunkRef& c, bool utf8, BeamFile& bf) {
  ByteReader r = c.reader();
  Uint count_at = r.offset();
  uint32_t n = r.count("atom", 1);
  // atom 1 is the module name, so an empty table cannot be a module
  if (n == 0) r.fail_at(count_at, "empty atom table");
  bf.atoms.assign(1, NIL);  // index 0 is []; not an atom of the table
  bf.atoms.reserve(Uint(n) + 1);
  for (uint32_t i = 1; i <= n; ++i) {
    Uint at = r.offset();
    uint8_t len = r.u8();
    const uint8_t* name = r.bytes(len);
    Term a;
    if (utf8) {
      Uint chars;
      // (a one-byte length cannot exceed MAX_ATOM_CHARACTERS characters)
      if (!utf8_valid(name, len, &chars))
        r.fail_at(at, "atom " + std::to_string(i) + " is not valid UTF-8");
      a = atom_put(std::string_view(reinterpret_cast<const char*>(name), len));
    } else {
      a = atom_put_latin1(name, len);
    }
    if (a == THE_NON_VALUE) r.fail_at(at, "atom table full");
    bf.atoms.push_back(a);
  }
  expect_end(r);
  bf.module = bf.atoms[1];
}

void read_imports(const ChunkRef& c, BeamFile& bf) {
  ByteReader r = c.reader();
  uint32_t n = r.count("import", 12);
  bf.imports.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Uint at = r.offset();
    Term m = atom_at(r, at, bf, r.u32());
    Term f = atom_at(r, at + 4, bf, r.u32());
    uint32_t arity = arity_at(r, at + 8, r.u32());
    bf.imports.push_back(Import{m, f, arity});
  }
  expect_end(r);
}

void read_function_table(const ChunkRef& c, const BeamFile& bf,
                         std::vector<ExportDef>& out) {
  ByteReader r = c.reader();
  uint32_t n = r.count("function", 12);
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Uint at = r.offset();
    Term f = atom_at(r, at, bf, r.u32());
    uint32_t arity = arity_at(r, at + 4, r.u32());
    uint32_t label = r.u32();
    out.push_back(ExportDef{f, arity, label});
  }
  expect_end(r);
}

void read_funs(const ChunkRef& c, BeamFile& bf) {
  ByteReader r = c.reader();
  uint32_t n = r.count("fun", 24);
  bf.funs.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Uint at = r.offset();
    FunDef d;
    d.function = atom_at(r, at, bf, r.u32());
    d.arity = arity_at(r, at + 4, r.u32());
    d.label = r.u32();
    d.index = r.u32();
    d.num_free = r.u32();
    d.old_uniq = r.u32();
    if (d.num_free > d.arity)
      r.fail_at(at, "fun " + std::to_string(i) + " has " +
                        std::to_string(d.num_free) + " free variables but arity " +
                        std::to_string(d.arity));
    bf.funs.push_back(d);
  }
  expect_end(r);
}

}  // namespace girder::beam
