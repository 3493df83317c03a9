// The container of a .beam file: an IFF form
//   "FOR1" <form size:32> "BEAM" { <id:4> <size:32> <data> <pad to 4> }*
// Only the form's declared size is read (trailing bytes are ignored, as
// ERTS ignores them); every chunk, padding included, must lie inside it.
#include <cstring>

#include "beam/beam_parse.h"

namespace girder::beam {

void throw_error(const char* where, Uint file_offset, const std::string& what) {
  throw BeamError{std::string(where) + " at offset " +
                  std::to_string(file_offset) + ": " + what};
}

namespace {

std::string printable_id(const uint8_t* id) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    if (id[i] >= 0x20 && id[i] < 0x7f) {
      s += char(id[i]);
    } else {
      static const char hex[] = "0123456789abcdef";
      s += "\\x";
      s += hex[id[i] >> 4];
      s += hex[id[i] & 15];
    }
  }
  return s;
}

struct KnownChunk {
  const char* id;
  ChunkRef Chunks::*slot;
};

constexpr KnownChunk known_chunks[] = {
    {"AtU8", &Chunks::atu8}, {"Atom", &Chunks::atom}, {"Code", &Chunks::code},
    {"StrT", &Chunks::strt}, {"ImpT", &Chunks::impt}, {"ExpT", &Chunks::expt},
    {"LocT", &Chunks::loct}, {"FunT", &Chunks::funt}, {"LitT", &Chunks::litt},
    {"Attr", &Chunks::attr}, {"CInf", &Chunks::cinf}, {"Line", &Chunks::line},
    {"Type", &Chunks::type}, {"Meta", &Chunks::meta},
};

}  // namespace

void read_container(const uint8_t* data, Uint size, Chunks& out) {
  // ids first, so that messages about a missing chunk can name it
  for (const KnownChunk& k : known_chunks) (out.*(k.slot)).id = k.id;
  ByteReader file(data, size, "file header", 0);
  if (size < 4 || std::memcmp(data, "FOR1", 4) != 0)
    file.fail("not a BEAM file: no IFF header (FOR1)");
  file.skip(4);
  Uint form_size = file.u32();
  if (form_size > file.remaining())
    file.fail_at(4, "form size " + std::to_string(form_size) +
                        " exceeds the file size " + std::to_string(size));
  ByteReader form(file.position(), form_size, "chunk directory", file.offset());
  Uint form_type_at = form.offset();
  const uint8_t* form_type = form.bytes(4);
  if (std::memcmp(form_type, "BEAM", 4) != 0)
    form.fail_at(form_type_at, "not a BEAM file: IFF form type is '" +
                                   printable_id(form_type) + "'");

  while (!form.at_end()) {
    Uint header_at = form.offset();
    const uint8_t* id = form.bytes(4);
    Uint chunk_size = form.u32();
    Uint stored = (chunk_size + 3) & ~Uint(3);
    if (stored > form.remaining())
      form.fail_at(header_at, "chunk " + printable_id(id) + " of size " +
                                  std::to_string(chunk_size) +
                                  " extends past the end of the file");
    Uint data_at = form.offset();
    const uint8_t* chunk_data = form.bytes(stored);
    ChunkRef any;
    any.data = chunk_data;
    any.size = chunk_size;
    any.offset = data_at;
    any.present = true;
    out.all.push_back({std::string(reinterpret_cast<const char*>(id), 4), any});
    for (const KnownChunk& k : known_chunks) {
      if (std::memcmp(id, k.id, 4) == 0) {
        ChunkRef& ref = out.*(k.slot);
        ref.data = chunk_data;
        ref.size = chunk_size;
        ref.offset = data_at;
        ref.present = true;
        ref.id = k.id;
        break;
      }
    }
  }
}

bool find_chunk(const uint8_t* data, Uint size, const char id[4], Uint* offset, Uint* len) {
  Chunks c;
  try {
    read_container(data, size, c);
  } catch (const BeamError&) {
    return false;
  }
  // as ERTS's iff_read_chunk: the first chunk with that id
  for (const auto& [cid, ref] : c.all)
    if (std::memcmp(cid.data(), id, 4) == 0) {
      *offset = ref.offset;
      *len = ref.size;
      return true;
    }
  return false;
}

bool beam_module_md5(const uint8_t* data, Uint size, uint8_t out[16]) {
  BeamFile bf;
  std::string error;
  if (!read_beam(data, size, bf, error)) return false;
  std::memcpy(out, bf.md5, 16);
  return true;
}

}  // namespace girder::beam
