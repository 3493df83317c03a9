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

void OperandArena::Free::operator()(Operand* p) const { std::free(p); }

OperandSpan OperandArena::alloc(uint32_t n) {
  if (n == 0) return OperandSpan();
  auto raw = [](uint32_t count) {
    void* mem = std::malloc(size_t(count) * sizeof(Operand));
    if (!mem) throw std::bad_alloc();
    return static_cast<Operand*>(mem);
  };
  Operand* p;
  if (n > BLOCK) {
    // its own block, put before the current one so that the current one
    // keeps filling
    p = raw(n);
    blocks_.emplace(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, p);
  } else {
    if (BLOCK - used_ < n) {
      blocks_.emplace_back(raw(BLOCK));
      used_ = 0;
    }
    p = blocks_.back().get() + used_;
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
