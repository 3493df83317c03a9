// The atom table: one global, append-only table of atom names.
//
// Lookups of existing atoms take no lock (names are stored in fixed chunks
// that never move); inserting a new atom takes a mutex. Atom indices of the
// well-known atoms in atoms.def are compile-time constants (atom::ok, ...).
#pragma once

#include <string_view>

#include "term/term.h"

namespace girder {

namespace atom {
enum : Uint {
#define ATOM(id, text) id##_index,
#include "term/atoms.def"
#undef ATOM
  WELL_KNOWN_COUNT
};
#define ATOM(id, text) constexpr Term id = make_atom(id##_index);
#include "term/atoms.def"
#undef ATOM
}  // namespace atom

constexpr Uint MAX_ATOM_CHARACTERS = 255;
constexpr Uint MAX_ATOMS = 1048576;  // ERTS default +t

// Name of an atom as UTF-8.
std::string_view atom_name(Term a);
// Atom for a UTF-8 name (must be valid UTF-8 of at most 255 characters);
// creates it if needed. Returns THE_NON_VALUE if the table is full.
Term atom_put(std::string_view utf8);
// Existing atom or THE_NON_VALUE.
Term atom_get(std::string_view utf8);
// Atom from Latin-1 bytes (each byte one character).
Term atom_put_latin1(const uint8_t* bytes, Uint n);
Term atom_get_latin1(const uint8_t* bytes, Uint n);
// Number of characters (code points) in the atom's name.
Uint atom_char_count(Term a);
// True if every character of the name is < 256.
bool atom_is_latin1(Term a);
Uint atom_count();
// Memory of the atom table (erlang:memory(atom)): `space` bytes hold the
// names, `used` of them taken by name characters; `table` bytes are the
// entries and the name index.
struct AtomMemory {
  Uint space = 0, used = 0, table = 0;
};
AtomMemory atom_memory();

// Hash of the atom name used by erlang:phash2 and the map hash; computed
// once at creation (hashpjw over the UTF-8 bytes, as ERTS).
uint32_t atom_hash(Term a);

}  // namespace girder
