// A .beam file read into memory: chunks decoded and validated, code decoded
// into generic instructions (one GenericOp per instruction of the Code
// chunk, operands decoded from the compact term encoding). The loader
// (src/loader) turns this into threaded code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beam/opcodes.h"
#include "term/heap.h"

namespace girder::beam {

// Operand kinds of the compact term encoding (OTP 25).
enum class OperandKind : uint8_t {
  u,        // untagged unsigned integer (index, arity, size)       -> index
  i,        // integer literal (small or bignum term)               -> term
  a,        // atom (index 0 in the file means []; then term = NIL) -> term
  x,        // X register                                           -> index
  y,        // Y register                                           -> index
  f,        // label (0 = no label)                                 -> index
  h,        // character                                            -> index
  literal,  // entry of the literal table (LitT)                    -> term, index
  list,     // extended list: items in `list`
  fr,       // float register                                       -> index
  alloc,    // allocation list: pairs (kind u, count u) in `list`
};

struct Operand;

// The operands of one instruction, or the items of a list operand: a
// slice of its BeamFile's operand arena (no allocation per instruction:
// loading reads hundreds of thousands of them at boot).
class OperandSpan {
 public:
  OperandSpan() = default;
  OperandSpan(Operand* p, uint32_t n) : p_(p), n_(n) {}
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  // (defined below, where Operand is complete)
  Operand& operator[](size_t i);
  const Operand& operator[](size_t i) const;
  Operand* begin() { return p_; }
  Operand* end();
  const Operand* begin() const { return p_; }
  const Operand* end() const;

 private:
  Operand* p_ = nullptr;
  uint32_t n_ = 0;
};

struct Operand {
  OperandKind kind = OperandKind::u;
  int32_t type_index = -1;   // typed register (z tag 5): index into types; else -1
  Uint index = 0;            // u, x, y, f, h, fr; literal: literal index
  Term term = THE_NON_VALUE; // i, a, literal: the value
  OperandSpan list;          // list / alloc (in the same arena)
};

inline Operand& OperandSpan::operator[](size_t i) { return p_[i]; }
inline const Operand& OperandSpan::operator[](size_t i) const { return p_[i]; }
inline Operand* OperandSpan::end() { return p_ + n_; }
inline const Operand* OperandSpan::end() const { return p_ + n_; }

// Operands in blocks that never move, so that spans stay valid while the
// code is read and when the BeamFile is moved. Operands own nothing, so a
// block is freed without visiting them.
class OperandArena {
 public:
  OperandArena() = default;
  OperandArena(OperandArena&& o) noexcept { swap(o); }
  OperandArena& operator=(OperandArena&& o) noexcept {
    swap(o);
    return *this;
  }
  ~OperandArena();
  // n default operands (a list longer than a block gets a block of its own).
  OperandSpan alloc(uint32_t n);

 private:
  static constexpr uint32_t BLOCK = 2048;
  void swap(OperandArena& o) noexcept {
    blocks_.swap(o.blocks_);
    big_.swap(o.big_);
    std::swap(used_, o.used_);
  }
  std::vector<Operand*> blocks_;  // BLOCK operands each
  std::vector<Operand*> big_;     // one long list each
  uint32_t used_ = BLOCK;         // in the last block
};

struct GenericOp {
  uint16_t opcode;             // 1..MAX_GENERIC_OPCODE
  uint32_t offset;             // byte offset of the instruction in the Code chunk
  OperandSpan args;            // exactly op_info(opcode).arity operands
};

struct Import {
  Term module;
  Term function;
  uint32_t arity;
};

struct ExportDef {
  Term function;
  uint32_t arity;
  uint32_t label;
};

struct FunDef {
  Term function;
  uint32_t arity;     // total arity including free variables
  uint32_t label;
  uint32_t index;
  uint32_t num_free;
  uint32_t old_uniq;
};

// One entry of the Line chunk's item table: index 0 is "no line".
struct LineItem {
  uint32_t file_index;  // into line_files
  uint32_t line;
};

struct BeamFile {
  Term module = THE_NON_VALUE;
  std::vector<Term> atoms;       // atoms[0] is unused; file atom i is atoms[i]
  std::vector<Import> imports;
  std::vector<ExportDef> exports;
  std::vector<ExportDef> locals;
  std::vector<FunDef> funs;
  std::unique_ptr<Heap> literal_heap;  // literal region heap holding literals
  std::vector<Term> literals;
  std::vector<uint8_t> strings;  // StrT
  std::vector<LineItem> line_items;
  std::vector<std::string> line_files;  // file names (module's own source is index 0)
  Term attributes = NIL;    // Attr chunk, decoded (a list), NIL if absent
  Term compile_info = NIL;  // CInf chunk, decoded (a list), NIL if absent
  uint32_t label_count = 0;
  uint32_t function_count = 0;
  std::vector<GenericOp> code;
  OperandArena operands;    // what code's spans point into
  uint8_t md5[16] = {};     // as erlang:module_info(md5) / beam_lib:md5
  // Additions (beam reader):
  uint32_t max_opcode = 0;         // Code header: highest opcode used
  Uint code_chunk_offset = 0;      // file offset of the Code chunk's data;
                                   // GenericOp::offset is relative to it
  uint32_t type_count = 0;         // Type chunk entries; 0 if absent or of
                                   // another version (type_index is then -1)

  // Literal memory (in the literal region) is never freed, but the
  // reference-counted binaries that literals point to are: a BeamFile that
  // still owns literal_heap when it dies releases them. A loader that keeps
  // the literals must therefore take the heap along with them
  // (module->literals = std::move(bf.literal_heap)).
  BeamFile() = default;
  BeamFile(BeamFile&&) = default;
  BeamFile& operator=(BeamFile&&) = default;  // the old heap's binaries leak
  ~BeamFile();
};

// Reads and validates a whole .beam image. On failure returns false and sets
// `error` to a message naming the chunk and the byte offset in the file,
// e.g. "chunk Code at offset 1234: unknown opcode 250". `name` is used only
// in messages. Never crashes or reads out of bounds on bad input.
bool read_beam(const uint8_t* data, Uint size, BeamFile& out, std::string& error);

// erts_internal:beamfile_chunk/2: where the first chunk `id` of a .beam
// image lies (file offset and length); false if the image is not a valid
// container or has no such chunk.
bool find_chunk(const uint8_t* data, Uint size, const char id[4], Uint* offset, Uint* len);
// erts_internal:beamfile_module_md5/1: the module checksum of a valid
// .beam image (as module_info(md5)); false if it does not read.
bool beam_module_md5(const uint8_t* data, Uint size, uint8_t out[16]);

// Readable listing of a BeamFile (build/girder --disasm F.beam).
std::string disassemble(const BeamFile& bf);

}  // namespace girder::beam
