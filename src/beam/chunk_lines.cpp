// Line: the line number table.
//   <version:32> <flags:32> <line instruction count:32> <item count:32>
//   <name count:32> <items: compact terms> <names: {<len:16> <utf8>}*>
// An item is a line number (tag i) in the current file; an 'a'-tagged
// number switches the current file (0 = the module's own <module>.erl,
// n = the n-th name of the chunk). Item 0 of the table is "no location".
// A version other than 0 makes ERTS ignore the chunk, and so do we.
//
// Type: <version:32> <count:32> then count entries of 18 bytes (OTP 25,
// version 1). Only the version and the count are checked.
#include "beam/beam_parse.h"
#include "beam/compact_term.h"
#include "term/atom_table.h"

namespace girder::beam {

namespace {

constexpr uint32_t TYPES_VERSION = 1;
constexpr Uint TYPE_ENTRY_BYTES = 18;  // type bits:16, min:64, max:64

}  // namespace

void read_lines(const ChunkRef& c, BeamFile& bf, LineTableInfo& info) {
  ByteReader r = c.reader();
  if (r.u32() != 0) return;  // unknown version: no line information
  r.u32();                    // flags (none defined)
  uint32_t instructions = r.u32();
  uint32_t items = r.count("line item", 1);
  Uint names_at = r.offset();
  uint32_t names = r.u32();
  if (names > 0x7fffffff) r.fail_at(names_at, "negative file name count");

  std::vector<LineItem> table;
  table.reserve(Uint(items) + 1);
  table.push_back(LineItem{0, 0});
  uint32_t file = 0;
  while (table.size() <= items) {
    TaggedNumber n = read_tagged(r);
    if (n.tag == TAG_A) {
      Uint index = tagged_unsigned(r, n);
      if (index > names)
        r.fail_at(n.offset, "file index " + std::to_string(index) + " out of range (" +
                                std::to_string(names) + " file names)");
      file = uint32_t(index);
    } else if (n.tag == TAG_I) {
      // line numbers are non-negative; the encoding is signed
      bool negative = n.wide && (n.nbytes > 8 || (n.bytes[0] & 0x80));
      if (negative || n.value > UINT32_MAX)
        r.fail_at(n.offset, "line number out of range");
      table.push_back(LineItem{file, uint32_t(n.value)});
    } else {
      r.fail_at(n.offset, "line item with tag " + std::to_string(n.tag) +
                              " (expected a or i)");
    }
  }

  if (Uint(names) > r.remaining() / 2)
    r.fail_at(names_at, "file name count " + std::to_string(names) +
                            " exceeds the chunk size");
  std::vector<std::string> files;
  files.reserve(Uint(names) + 1);
  files.push_back(std::string(atom_name(bf.module)) + ".erl");
  for (uint32_t i = 0; i < names; ++i) {
    Uint at = r.offset();
    uint16_t len = r.u16();
    if (len > 0x7fff) r.fail_at(at, "negative file name length");
    const uint8_t* name = r.bytes(len);
    Uint chars;
    if (!utf8_valid(name, len, &chars))
      r.fail_at(at, "file name " + std::to_string(i + 1) + " is not valid UTF-8");
    // ERTS uses the module's own file name for an empty name
    files.push_back(len ? std::string(reinterpret_cast<const char*>(name), len)
                        : files[0]);
  }
  if (!r.at_end())
    r.fail(std::to_string(r.remaining()) + " bytes left over after the file names");

  bf.line_items = std::move(table);
  bf.line_files = std::move(files);
  info.used = true;
  info.instruction_count = instructions;
}

void read_types(const ChunkRef& c, TypeTableInfo& info) {
  ByteReader r = c.reader();
  if (r.u32() != TYPES_VERSION) return;  // another format: types unused
  Uint count_at = r.offset();
  uint32_t n = r.u32();
  if (n == 0) r.fail_at(count_at, "empty type table (entry 0 must be the any type)");
  if (Uint(n) * TYPE_ENTRY_BYTES != r.remaining())
    r.fail_at(count_at, "type count " + std::to_string(n) + " does not match the " +
                            std::to_string(r.remaining()) + " bytes of entries");
  info.used = true;
  info.count = n;
}

}  // namespace girder::beam
