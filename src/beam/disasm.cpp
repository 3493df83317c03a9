// disassemble(): the generic code of a BeamFile as text, in the spirit of
// `erlc +to_asm` and beam_disasm: a header with the tables, then one line
// per instruction, {name,Operand,...}, with each function introduced by
// {function, Name, Arity, EntryLabel}. Operands print as the compiler's
// assembler writes them: {x,0}, {y,1}, {atom,ok}, nil, {integer,5},
// {literal,...}, {f,12}, {list,[...]}, {fr,0}, {alloc,[...]}; typed
// registers as {tr,{x,0},TypeIndex}; imports as {extfunc,M,F,A}.
#include <cstdio>

#include "beam/beam_file.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/print.h"

namespace girder::beam {

namespace {

class Printer {
 public:
  explicit Printer(const BeamFile& bf) : bf_(bf) {}

  std::string run() {
    header();
    for (Uint i = 0; i < bf_.code.size(); ++i) {
      if (starts_function(i)) function_header(i);
      instruction(bf_.code[i]);
    }
    return std::move(out_);
  }

 private:
  void header() {
    out_ += "%% module " + atom_to_text(bf_.module) + "\n";
    out_ += "%% md5 ";
    for (uint8_t b : bf_.md5) {
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02x", b);
      out_ += hex;
    }
    out_ += "\n%% labels " + std::to_string(bf_.label_count) + ", functions " +
            std::to_string(bf_.function_count) + ", max opcode " +
            std::to_string(bf_.max_opcode) + "\n";
    function_table("exports", bf_.exports);
    function_table("locals", bf_.locals);
    out_ += "%% imports:\n";
    for (Uint i = 0; i < bf_.imports.size(); ++i)
      out_ += "%%   " + std::to_string(i) + ": " + import_text(i) + "\n";
    out_ += "%% funs:\n";
    for (Uint i = 0; i < bf_.funs.size(); ++i) {
      const FunDef& f = bf_.funs[i];
      out_ += "%%   " + std::to_string(i) + ": " + atom_to_text(f.function) + "/" +
              std::to_string(f.arity) + " label " + std::to_string(f.label) + " index " +
              std::to_string(f.index) + " free " + std::to_string(f.num_free) +
              " old_uniq " + std::to_string(f.old_uniq) + "\n";
    }
    out_ += "%% literals: " + std::to_string(bf_.literals.size()) + "\n";
    out_ += "%% strings: " + std::to_string(bf_.strings.size()) + " bytes\n";
    out_ += "%% line items: " + std::to_string(bf_.line_items.size()) + ", files:";
    for (const std::string& f : bf_.line_files) out_ += " \"" + f + "\"";
    out_ += "\n";
    out_ += "%% attributes: " + term_to_text(bf_.attributes) + "\n";
    out_ += "%% compile: " + term_to_text(bf_.compile_info) + "\n";
  }

  void function_table(const char* what, const std::vector<ExportDef>& t) {
    out_ += std::string("%% ") + what + ":";
    for (const ExportDef& e : t)
      out_ += " " + atom_to_text(e.function) + "/" + std::to_string(e.arity) + "@" +
              std::to_string(e.label);
    out_ += "\n";
  }

  std::string import_text(Uint i) const {
    const Import& im = bf_.imports[i];
    return "{extfunc," + atom_to_text(im.module) + "," + atom_to_text(im.function) +
           "," + std::to_string(im.arity) + "}";
  }

  // label L, [line N], func_info M F A starts a function.
  bool starts_function(Uint i) const {
    const auto& c = bf_.code;
    if (c[i].opcode != op_label) return false;
    Uint j = i + 1;
    if (j < c.size() && c[j].opcode == op_line) ++j;
    return j < c.size() && c[j].opcode == op_func_info;
  }

  void function_header(Uint i) {
    const auto& c = bf_.code;
    Uint j = i + 1;
    while (c[j].opcode != op_func_info) ++j;
    const GenericOp& fi = c[j];
    std::string entry =
        j + 1 < c.size() && c[j + 1].opcode == op_label ? std::to_string(c[j + 1].args[0].index)
                                                        : "?";
    out_ += "\n{function, " + atom_to_text(fi.args[1].term) + ", " +
            std::to_string(fi.args[2].index) + ", " + entry + "}.\n";
  }

  void instruction(const GenericOp& op) {
    const OpInfo& info = op_info(op.opcode);
    out_ += "  ";
    if (op.args.empty()) {
      out_ += atom_to_text(atom_put(info.name));
    } else {
      out_ += "{" + atom_to_text(atom_put(info.name));
      for (Uint i = 0; i < op.args.size(); ++i) {
        out_ += ",";
        operand(info.kinds[i], op.args[i]);
      }
      out_ += "}";
    }
    out_ += ".\n";
  }

  void operand(char kind, const Operand& o) {
    switch (o.kind) {
      case OperandKind::u:
        if (kind == 'e') {
          out_ += import_text(o.index);
        } else if (kind == 'n' || kind == 't') {
          const FunDef& f = bf_.funs[o.index];
          out_ += "{fun," + atom_to_text(f.function) + "," + std::to_string(f.arity) +
                  "," + std::to_string(o.index) + "}";
        } else if (kind == 'N' && o.index < bf_.line_items.size()) {
          const LineItem& li = bf_.line_items[o.index];
          if (o.index == 0)
            out_ += "[]";
          else
            out_ += "[{location,\"" + bf_.line_files[li.file_index] + "\"," +
                    std::to_string(li.line) + "}]";
        } else {
          out_ += std::to_string(o.index);
        }
        break;
      case OperandKind::i:
        out_ += "{integer," + (is_small(o.term) ? std::to_string(small_value(o.term))
                                                : int_to_string(o.term, 10)) + "}";
        break;
      case OperandKind::a:
        out_ += is_nil(o.term) ? std::string("nil") : "{atom," + atom_to_text(o.term) + "}";
        break;
      case OperandKind::x:
      case OperandKind::y: {
        std::string reg = std::string("{") + (o.kind == OperandKind::x ? "x," : "y,") +
                          std::to_string(o.index) + "}";
        out_ += o.type_index >= 0 ? "{tr," + reg + "," + std::to_string(o.type_index) + "}"
                                  : reg;
        break;
      }
      case OperandKind::f:
        out_ += "{f," + std::to_string(o.index) + "}";
        break;
      case OperandKind::h:
        out_ += "{char," + std::to_string(o.index) + "}";
        break;
      case OperandKind::literal:
        out_ += "{literal," + term_to_text(o.term) + "}";
        break;
      case OperandKind::list:
        out_ += "{list,[";
        for (Uint i = 0; i < o.list.size(); ++i) {
          if (i) out_ += ",";
          operand('s', o.list[i]);
        }
        out_ += "]}";
        break;
      case OperandKind::fr:
        out_ += "{fr," + std::to_string(o.index) + "}";
        break;
      case OperandKind::alloc: {
        static const char* const names[] = {"words", "floats", "funs"};
        out_ += "{alloc,[";
        for (Uint i = 0; i + 1 < o.list.size(); i += 2) {
          if (i) out_ += ",";
          Uint k = o.list[i].index;
          out_ += std::string("{") + (k < 3 ? names[k] : "?") + "," +
                  std::to_string(o.list[i + 1].index) + "}";
        }
        out_ += "]}";
        break;
      }
    }
  }

  const BeamFile& bf_;
  std::string out_;
};

}  // namespace

std::string disassemble(const BeamFile& bf) { return Printer(bf).run(); }

}  // namespace girder::beam
