#include "runtime/boot.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "runtime/vm.h"
#include "term/atom_table.h"

namespace girder {

namespace {

bool is_flag(const std::string& s) { return !s.empty() && (s[0] == '-' || s[0] == '+'); }

std::string exe_dir(const char* argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string path = n > 0 ? std::string(buf, size_t(n)) : std::string(argv0);
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

Term str(Heap& h, const std::string& s) {
  return make_byte_list(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

int boot_direct(const char* argv0, const std::vector<std::string>& args) {
  VmConfig cfg;
  cfg.girder_ebin = exe_dir(argv0) + "/ebin";
  if (const char* root = std::getenv("GIRDER_ROOT")) cfg.root = root;
  Heap h;
  std::vector<Term> flags, plain, cmds;
  for (size_t i = 0; i < args.size();) {
    const std::string& a = args[i];
    if (a == "-extra") {
      for (size_t k = i + 1; k < args.size(); k++) plain.push_back(str(h, args[k]));
      break;
    }
    if (!is_flag(a)) {
      plain.push_back(str(h, a));
      i++;
      continue;
    }
    std::vector<std::string> vals;
    size_t j = i + 1;
    while (j < args.size() && !is_flag(args[j])) vals.push_back(args[j++]);
    if (a[0] == '+') {
      // emulator flags (+S, +P, ...): accepted; one value at most
      i = (vals.empty() || a.size() > 2 ? i + 1 : i + 2);
      if (a.size() > 2 && !vals.empty() && (a == "+hms" || a == "+hmbs" || a == "+SDcpu" ||
                                            a == "+SDio" || a == "+sbt" || a == "+MBas"))
        i++;
      continue;
    }
    i = j;
    std::string name = a.substr(1);
    if (name == "pa") {
      cfg.code_path_a.insert(cfg.code_path_a.end(), vals.begin(), vals.end());
    } else if (name == "pz") {
      cfg.code_path_z.insert(cfg.code_path_z.end(), vals.begin(), vals.end());
    } else if (name == "root" && !vals.empty()) {
      cfg.root = vals[0];
    }
    if (name == "run" || name == "s" || name == "eval") {
      std::vector<Term> v;
      for (auto& s : vals) v.push_back(str(h, s));
      Term kind = atom_put(name);
      cmds.push_back(make_tuple(h, {kind, make_list_from(h, v.data(), v.size())}));
      continue;
    }
    std::vector<Term> v;
    for (auto& s : vals) v.push_back(str(h, s));
    flags.push_back(make_tuple(h, {atom_put(name), make_list_from(h, v.data(), v.size())}));
  }
  vm_init(cfg);
  Term init_args[3] = {make_list_from(h, flags.data(), flags.size()),
                       make_list_from(h, plain.data(), plain.size()),
                       make_list_from(h, cmds.data(), cmds.size())};
  Term arglist = make_list_from(h, init_args, 3);
  SpawnOptions opts;
  if (!vm_spawn(nullptr, atom::init, atom_put("boot"), arglist, opts)) {
    std::fprintf(stderr, "girder: cannot start the init process\n");
    return 1;
  }
  return vm_run();
}

}  // namespace girder
