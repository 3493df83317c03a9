// Tags of the external term format: the one table of their numbers and
// names (erts/emulator/beam/external.h has the same numbers; the format is
// described in OTP's erts/doc/src/erl_ext_dist.xml).
//
// ETF_TAG(name, number, what follows the tag byte)
#pragma once

#include <cstdint>

#define GIRDER_ETF_TAGS(ETF_TAG)                                              \
  ETF_TAG(NEW_FLOAT_EXT, 70, "8-byte IEEE double, big endian")                \
  ETF_TAG(BIT_BINARY_EXT, 77, "len:32, bits in last byte:8, bytes")           \
  ETF_TAG(COMPRESSED, 80, "uncompressed size:32, zlib stream")                \
  ETF_TAG(ATOM_CACHE_REF, 82, "cache index:8 (distribution only)")            \
  ETF_TAG(NEW_PID_EXT, 88, "node atom, id:32, serial:32, creation:32")        \
  ETF_TAG(NEW_PORT_EXT, 89, "node atom, id:32, creation:32")                  \
  ETF_TAG(NEWER_REFERENCE_EXT, 90, "len:16, node atom, creation:32, len*id:32") \
  ETF_TAG(SMALL_INTEGER_EXT, 97, "unsigned value:8")                          \
  ETF_TAG(INTEGER_EXT, 98, "signed value:32")                                 \
  ETF_TAG(FLOAT_EXT, 99, "31 bytes of \"%.20e\" text, NUL padded")            \
  ETF_TAG(ATOM_EXT, 100, "len:16, Latin-1 bytes")                             \
  ETF_TAG(REFERENCE_EXT, 101, "node atom, id:32, creation:8 (old)")           \
  ETF_TAG(PORT_EXT, 102, "node atom, id:32, creation:8 (old)")                \
  ETF_TAG(PID_EXT, 103, "node atom, id:32, serial:32, creation:8 (old)")      \
  ETF_TAG(SMALL_TUPLE_EXT, 104, "arity:8, elements")                          \
  ETF_TAG(LARGE_TUPLE_EXT, 105, "arity:32, elements")                         \
  ETF_TAG(NIL_EXT, 106, "[]")                                                 \
  ETF_TAG(STRING_EXT, 107, "len:16, bytes (a list of small integers)")        \
  ETF_TAG(LIST_EXT, 108, "len:32, elements, tail")                            \
  ETF_TAG(BINARY_EXT, 109, "len:32, bytes")                                   \
  ETF_TAG(SMALL_BIG_EXT, 110, "n:8, sign:8, n bytes little endian")           \
  ETF_TAG(LARGE_BIG_EXT, 111, "n:32, sign:8, n bytes little endian")          \
  ETF_TAG(NEW_FUN_EXT, 112,                                                   \
          "size:32, arity:8, md5:16 bytes, index:32, num_free:32, module, "   \
          "old index, old uniq, creator pid, free variables")                 \
  ETF_TAG(EXPORT_EXT, 113, "module atom, function atom, arity integer")       \
  ETF_TAG(NEW_REFERENCE_EXT, 114, "len:16, node atom, creation:8, len*id:32") \
  ETF_TAG(SMALL_ATOM_EXT, 115, "len:8, Latin-1 bytes")                        \
  ETF_TAG(MAP_EXT, 116, "pairs:32, key, value, ...")                          \
  ETF_TAG(FUN_EXT, 117, "pre-R13 closure (no longer accepted)")               \
  ETF_TAG(ATOM_UTF8_EXT, 118, "len:16, UTF-8 bytes")                          \
  ETF_TAG(SMALL_ATOM_UTF8_EXT, 119, "len:8, UTF-8 bytes")                     \
  ETF_TAG(V4_PORT_EXT, 120, "node atom, id:64, creation:32")                  \
  ETF_TAG(VERSION_MAGIC, 131, "first byte of every encoded term")

namespace girder::etf {

enum Tag : uint8_t {
#define GIRDER_ETF_ENUM(name, number, layout) name = number,
  GIRDER_ETF_TAGS(GIRDER_ETF_ENUM)
#undef GIRDER_ETF_ENUM
};

// The tag's name ("SMALL_TUPLE_EXT"), or nullptr for a byte that is no tag.
const char* tag_name(uint8_t tag);

}  // namespace girder::etf
