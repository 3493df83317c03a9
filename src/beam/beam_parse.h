// Internal to src/beam: the pieces read_beam() is made of, one file each:
//   iff_container.cpp   the FOR1/BEAM container and its chunk directory
//   chunk_tables.cpp    AtU8/Atom, ImpT, ExpT/LocT, FunT, StrT
//   chunk_literals.cpp  LitT, and the ETF chunks Attr and CInf
//   chunk_lines.cpp     Line and Type
//   compact_term.cpp    the compact term encoding of operands
//   code_chunk.cpp      the Code chunk: header, instructions, checks
//   module_md5.cpp      module_info(md5)
// Every function throws BeamError (beam_reader.h) on bad input.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "beam/beam_file.h"
#include "beam/beam_reader.h"

namespace girder::beam {

// Where one chunk's data lies in the file image.
struct ChunkRef {
  const uint8_t* data = nullptr;
  Uint size = 0;
  Uint offset = 0;  // file offset of data[0]
  bool present = false;
  const char* id = "";  // "Code", ...

  ByteReader reader() const {
    return ByteReader(data, size, std::string("chunk ") + id, offset);
  }
};

// The chunks read_beam looks at. As ERTS does, a chunk that appears twice
// is taken from its last occurrence; Dbgi, Docs, ExCk and unknown chunks
// are skipped (their sizes are still checked).
struct Chunks {
  ChunkRef atu8, atom, code, strt, impt, expt, loct, funt, litt, attr, cinf,
      line, type, meta;
  // every chunk in file order, known or not: (4-byte id, where it is)
  std::vector<std::pair<std::string, ChunkRef>> all;
};

// Parses "FOR1" <size> "BEAM" and the chunk directory.
void read_container(const uint8_t* data, Uint size, Chunks& out);

// The Code chunk's header.
struct CodeHeader {
  uint32_t max_opcode = 0;
  uint32_t label_count = 0;
  uint32_t function_count = 0;
  Uint header_offset = 0;  // file offset of the Code chunk's data
  ChunkRef instructions;   // the bytes after the header
};
CodeHeader read_code_header(const ChunkRef& code);

// What the Code chunk needs to know about the other chunks.
struct LineTableInfo {
  bool used = false;  // Line chunk present with a version we understand
  uint32_t instruction_count = 0;  // number of line instructions announced
};
struct TypeTableInfo {
  bool used = false;   // Type chunk present with version 1
  uint32_t count = 0;
};

void read_atoms(const ChunkRef& c, bool utf8, BeamFile& bf);
void read_imports(const ChunkRef& c, BeamFile& bf);
// ExpT and LocT share a layout; labels are checked after the code is read.
void read_function_table(const ChunkRef& c, const BeamFile& bf,
                         std::vector<ExportDef>& out);
void read_funs(const ChunkRef& c, BeamFile& bf);
void read_literals(const ChunkRef& c, BeamFile& bf);
// Attr, CInf: one external term; returns it (built on bf.literal_heap).
Term read_term_chunk(const ChunkRef& c, BeamFile& bf);
void read_lines(const ChunkRef& c, BeamFile& bf, LineTableInfo& info);
void read_types(const ChunkRef& c, TypeTableInfo& info);

// Decodes every instruction into bf.code and checks it against ops.def
// and the tables read so far. defined_labels[n] is 1 for each label the
// code defines (for the checks of ExpT, LocT and FunT).
void read_code(const CodeHeader& header, const LineTableInfo& lines,
               const TypeTableInfo& types, BeamFile& bf,
               std::vector<uint8_t>& defined_labels);

void module_md5(const Chunks& chunks, uint8_t out[16]);

// UTF-8 check for atom and file names: true if `s` is valid UTF-8 (no
// overlong forms, no surrogates, at most U+10FFFF); *chars gets the number
// of code points.
bool utf8_valid(const uint8_t* s, Uint n, Uint* chars);

}  // namespace girder::beam
