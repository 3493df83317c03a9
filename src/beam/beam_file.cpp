// read_beam(): reads the chunks in dependency order (atoms before
// everything that names atoms, tables before the code that indexes them,
// the code before the checks of the labels that tables name) into a fresh
// BeamFile, which replaces `out` only when everything has been checked.
#include "beam/beam_file.h"

#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

#include "beam/beam_parse.h"
#include "term/atom_table.h"
#include "term/binary.h"

namespace girder::beam {

namespace {

const ChunkRef& required(const ChunkRef& c) {
  if (!c.present) throw BeamError{std::string("chunk ") + c.id + ": required chunk missing"};
  return c;
}

// ExpT, LocT and FunT entries name their code by label.
void check_labels(const ChunkRef& chunk, Uint entry_bytes, Uint label_field,
                  Uint n, const std::vector<uint8_t>& defined,
                  uint32_t (*label_of)(const BeamFile&, Uint), const BeamFile& bf) {
  for (Uint i = 0; i < n; ++i) {
    uint32_t label = label_of(bf, i);
    if (label == 0 || label >= defined.size() || !defined[label])
      throw_error((std::string("chunk ") + chunk.id).c_str(),
                  chunk.offset + 4 + entry_bytes * i + label_field,
                  "entry " + std::to_string(i) + " refers to label " +
                      std::to_string(label) + ", which the code does not define");
  }
}

void read_all(const uint8_t* data, Uint size, BeamFile& bf) {
  bf.literal_heap = std::make_unique<Heap>();
  bf.literal_heap->literal = true;

  Chunks c;
  read_container(data, size, c);

  if (c.atu8.present)
    read_atoms(c.atu8, true, bf);
  else if (c.atom.present)
    read_atoms(c.atom, false, bf);
  else
    throw BeamError{"chunk AtU8: required chunk missing (no atom table)"};

  CodeHeader header = read_code_header(required(c.code));
  bf.max_opcode = header.max_opcode;
  bf.label_count = header.label_count;
  bf.function_count = header.function_count;
  bf.code_chunk_offset = c.code.offset;

  read_imports(required(c.impt), bf);
  read_function_table(required(c.expt), bf, bf.exports);
  if (c.loct.present) read_function_table(c.loct, bf, bf.locals);
  if (c.funt.present) read_funs(c.funt, bf);
  if (c.strt.present) bf.strings.assign(c.strt.data, c.strt.data + c.strt.size);
  if (c.litt.present) read_literals(c.litt, bf);

  TypeTableInfo types;
  if (c.type.present) read_types(c.type, types);
  bf.type_count = types.used ? types.count : 0;
  LineTableInfo lines;
  if (c.line.present) read_lines(c.line, bf, lines);

  std::vector<uint8_t> defined;
  read_code(header, lines, types, bf, defined);
  check_labels(c.expt, 12, 8, bf.exports.size(), defined,
               [](const BeamFile& b, Uint i) { return b.exports[i].label; }, bf);
  check_labels(c.loct, 12, 8, bf.locals.size(), defined,
               [](const BeamFile& b, Uint i) { return b.locals[i].label; }, bf);
  check_labels(c.funt, 24, 8, bf.funs.size(), defined,
               [](const BeamFile& b, Uint i) { return b.funs[i].label; }, bf);

  if (c.attr.present) bf.attributes = read_term_chunk(c.attr, bf);
  if (c.cinf.present) bf.compile_info = read_term_chunk(c.cinf, bf);

  module_md5(c, bf.md5);
}

// Drops this heap's references to off-heap binaries (see ~BeamFile).
void release_binaries(Heap* h) {
  if (h) offheap_release(h->off_heap);
}

}  // namespace

BeamFile::~BeamFile() { release_binaries(literal_heap.get()); }

static_assert(std::is_trivially_destructible_v<Operand>);

namespace {

// Blocks that arenas on this thread no longer need, for the next module
// this thread reads: a boot reads about a hundred modules one after
// another, and warm blocks spare it the page faults of fresh memory.
struct SpareBlocks {
  static constexpr size_t MAX = 64;  // 5 MB of operands
  std::vector<Operand*> blocks;
  ~SpareBlocks() {
    for (Operand* b : blocks) std::free(b);
  }
};
thread_local SpareBlocks spare;

Operand* raw_operands(size_t count) {
  void* mem = std::malloc(count * sizeof(Operand));
  if (!mem) throw std::bad_alloc();
  return static_cast<Operand*>(mem);
}

}  // namespace

OperandArena::~OperandArena() {
  for (Operand* b : blocks_) {
    if (spare.blocks.size() < SpareBlocks::MAX) {
      spare.blocks.push_back(b);
    } else {
      std::free(b);
    }
  }
  for (Operand* b : big_) std::free(b);
}

OperandSpan OperandArena::alloc(uint32_t n) {
  if (n == 0) return OperandSpan();
  Operand* p;
  if (n > BLOCK) {
    p = raw_operands(n);
    big_.push_back(p);
  } else {
    if (BLOCK - used_ < n) {
      Operand* b;
      if (!spare.blocks.empty()) {
        b = spare.blocks.back();
        spare.blocks.pop_back();
      } else {
        b = raw_operands(BLOCK);
      }
      blocks_.push_back(b);
      used_ = 0;
    }
    p = blocks_.back() + used_;
    used_ += n;
  }
  std::uninitialized_default_construct_n(p, n);
  return OperandSpan(p, n);
}

bool read_beam(const uint8_t* data, Uint size, BeamFile& out, std::string& error) {
  BeamFile bf;
  try {
    read_all(data, size, bf);
  } catch (BeamError& e) {
    error = std::move(e.message);
    return false;
  }
  release_binaries(out.literal_heap.get());
  out = std::move(bf);
  return true;
}

}  // namespace girder::beam
