#include "runtime/boot.h"

#include <climits>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include "runtime/vm.h"
#include "term/binary.h"
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

[[noreturn]] void bad_flag(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(1);
}

bool parse_int(const std::string& s, long* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  *out = v;
  return true;
}

// The emulator's scheduler and process flags, as ERTS reads them: +S N:M
// (N, M <= 0 count back from the logical processors; M defaults to N, at
// most the processors available), +SDcpu N:M (at most the normal ones),
// +SDio N, +P N. The value follows the flag or the next argument.
struct EmuFlags {
  std::string s, sdcpu, sdio, p;
  bool has_s = false, has_sdcpu = false, has_sdio = false, has_p = false;
};

// "N:M" as {"N", "M"}; "N" as {"N", ""}.
std::pair<std::string, std::string> split_colon(const std::string& v) {
  size_t colon = v.find(':');
  if (colon == std::string::npos) return {v, ""};
  return {v.substr(0, colon), v.substr(colon + 1)};
}

void apply_emu_flags(const EmuFlags& f, VmConfig& cfg) {
  long logical = long(std::thread::hardware_concurrency());
  if (logical < 1) logical = 1;
  long n = logical, online = -9999;
  if (f.has_s) {
    auto [a, b] = split_colon(f.s);
    long v;
    if (!a.empty()) {
      if (!parse_int(a, &v) || v > 1024 || logical + v < 1) bad_flag("bad amount of schedulers " + a);
      n = v > 0 ? v : logical + v;
    }
    if (!b.empty()) {
      if (!parse_int(b, &v) || logical + v < 1) bad_flag("bad amount of schedulers online " + b);
      online = v > 0 ? v : logical + v;
      if (online > n)
        bad_flag("bad amount of schedulers online " + std::to_string(online) +
                 " (total amount of schedulers " + std::to_string(n) + ")");
    }
  }
  if (online == -9999) online = std::min(n, logical);
  long dcpu = std::min(n, logical), dcpu_online = -9999;
  if (f.has_sdcpu) {
    auto [a, b] = split_colon(f.sdcpu);
    long v;
    if (!a.empty()) {
      if (!parse_int(a, &v) || v > 1024 || v < 0) bad_flag("bad amount of dirty CPU schedulers " + a);
      if (v > 0) dcpu = std::min(v, n);
    }
    if (!b.empty()) {
      if (!parse_int(b, &v) || v < 1 || v > dcpu)
        bad_flag("bad amount of dirty CPU schedulers online " + b + " (total amount of dirty CPU schedulers " +
                 std::to_string(dcpu) + ")");
      dcpu_online = v;
    }
  }
  if (dcpu_online == -9999) dcpu_online = std::min(dcpu, online);
  long dio = 10;
  if (f.has_sdio) {
    long v;
    if (!parse_int(f.sdio, &v) || v < 1 || v > 1024) bad_flag("bad number of dirty I/O schedulers " + f.sdio);
    dio = v;
  }
  if (f.has_p) {
    long v;
    if (!parse_int(f.p, &v) || v < 1024 || v > 134217727) bad_flag("bad number of processes " + f.p);
    cfg.process_limit = Uint(v);
  }
  cfg.sched.normal = unsigned(n);
  cfg.sched.online = unsigned(online);
  cfg.sched.dirty_cpu = unsigned(dcpu);
  cfg.sched.dirty_cpu_online = unsigned(dcpu_online);
  cfg.sched.dirty_io = unsigned(dio);
}

// One emulator flag (+...) at args[i]; returns the index after it (and
// its value). The scheduler and process flags are kept in emu; the other
// emulator flags are accepted, with one value at most.
size_t parse_plus_flag(const std::vector<std::string>& args, size_t i, EmuFlags& emu) {
  const std::string& a = args[i];
  struct Known {
    const char* name;
    std::string* value;
    bool* has;
  } known[] = {{"SDcpu", &emu.sdcpu, &emu.has_sdcpu},
               {"SDio", &emu.sdio, &emu.has_sdio},
               {"S", &emu.s, &emu.has_s},
               {"P", &emu.p, &emu.has_p}};
  for (auto& k : known) {
    std::string n = k.name;
    if (a.compare(1, n.size(), n) != 0) continue;
    if (n == "S" && a.size() > 2 && (a[2] == 'D' || a[2] == 'P')) continue;  // +SDPcpu, +SP
    *k.has = true;
    if (a.size() > 1 + n.size()) {
      *k.value = a.substr(1 + n.size());
      return i + 1;
    }
    *k.value = i + 1 < args.size() ? args[i + 1] : "";
    return i + 2;
  }
  size_t vals = 0;
  while (i + 1 + vals < args.size() && !is_flag(args[i + 1 + vals])) vals++;
  size_t next = (vals == 0 || a.size() > 2 ? i + 1 : i + 2);
  if (a.size() > 2 && vals > 0 && (a == "+hms" || a == "+hmbs" || a == "+sbt" || a == "+MBas")) next++;
  return next;
}

// erlexec's usage line (printed with its command-line errors).
constexpr const char* ERL_USAGE =
    "Usage: erl [-version] [-sname NAME | -name NAME] [-noshell] [-noinput] [-env VAR VALUE] "
    "[-compile file ...] [-make] [-man [manopts] MANPAGE] [-x] [-emu_args] [-start_epmd BOOLEAN] "
    "[-emu_type TYPE] [-emu_flavor FLAVOR] [-args_file FILENAME] [+A THREADS] [+a SIZE] [+B[c|d|i]] "
    "[+c [BOOLEAN]] [+C MODE] [+dcg DECENTRALIZED_COUNTER_GROUPS_LIMIT] [+h HEAP_SIZE_OPTION] "
    "[+J[Pperf] JIT_OPTION] [+M<SUBSWITCH> <ARGUMENT>] [+P MAX_PROCS] [+Q MAX_PORTS] [+R COMPAT_REL] "
    "[+r] [+rg READER_GROUPS_LIMIT] [+s<SUBSWITCH> SCHEDULER_OPTION] "
    "[+S NO_SCHEDULERS:NO_SCHEDULERS_ONLINE] [+SP PERCENTAGE_SCHEDULERS:PERCENTAGE_SCHEDULERS_ONLINE] "
    "[+T LEVEL] [+V] [+v] [+W<i|w|e>] [+z MISC_OPTION] [args ...]\n";

// Whitespace-separated words of an environment variable (ERL_FLAGS, ...).
std::vector<std::string> env_words(const char* var) {
  std::vector<std::string> out;
  const char* v = std::getenv(var);
  if (!v) return out;
  std::string cur;
  for (const char* c = v;; c++) {
    if (*c == '\0' || *c == ' ' || *c == '\t' || *c == '\n') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*c == '\0') break;
    } else {
      cur.push_back(*c);
    }
  }
  return out;
}

// The words of an -args_file (# starts a comment to the end of the line).
bool args_file_words(const std::string& path, std::vector<std::string>& out) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return false;
  std::string cur;
  bool comment = false;
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (comment) {
      if (c == '\n') comment = false;
      continue;
    }
    if (c == '#') {
      comment = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      continue;
    } else {
      cur.push_back(char(c));
      continue;
    }
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  }
  if (!cur.empty()) out.push_back(cur);
  std::fclose(f);
  return true;
}

// The OTP root's erts-VSN directory name ("erts-13.1.5"), from its lib.
std::string erts_dir_name(const std::string& root) {
  std::string found;
  for (const std::string& e : otp_lib_entries(root))
    if (e.rfind("erts-", 0) == 0) found = e;
  return found.empty() ? "erts" : found;
}

// What erlexec puts before the user's arguments: the root, bindir and
// program name, then the home directory.
std::vector<std::string> erlexec_prefix(const std::string& root) {
  const char* home = std::getenv("HOME");
  return {"-root", root, "-bindir", root + "/" + erts_dir_name(root) + "/bin", "-progname", "erl", "--",
          "-home", home ? home : "/", "--"};
}

}  // namespace

int boot_direct(const char* argv0, const std::vector<std::string>& user_args) {
  VmConfig cfg;
  cfg.girder_ebin = exe_dir(argv0) + "/ebin";
  if (const char* root = std::getenv("GIRDER_ROOT")) cfg.root = root;
  // init sees erlexec's flags first, as under the OTP boot
  std::vector<std::string> args = erlexec_prefix(cfg.root);
  args.erase(std::remove(args.begin(), args.end(), "--"), args.end());
  args.insert(args.end(), user_args.begin(), user_args.end());
  Heap h;
  std::vector<Term> flags, plain, cmds;
  EmuFlags emu;
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
      i = parse_plus_flag(args, i, emu);
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
  apply_emu_flags(emu, cfg);
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
  // OTP's own code purger (erlang:purge_module/1 asks it), as ERTS starts it
  SpawnOptions sys;
  sys.system_process = true;
  vm_spawn(nullptr, atom_put("erts_code_purger"), atom_put("start"), NIL, sys);
  return vm_run();
}

}  // namespace girder

namespace girder {

namespace {

Term bin(Heap& h, const std::string& s) {
  return new_binary(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

int boot_otp(const char* argv0, const std::vector<std::string>& args) {
  VmConfig cfg;
  cfg.otp_boot = true;
  cfg.girder_ebin = exe_dir(argv0) + "/ebin";
  if (const char* root = std::getenv("GIRDER_ROOT")) cfg.root = root;
  EmuFlags emu;
  // what erlexec passes on to init: everything but the emulator flags
  std::vector<std::string> user;
  for (size_t i = 0; i < args.size();) {
    const std::string& a = args[i];
    if (a == "-extra") {
      user.insert(user.end(), args.begin() + long(i), args.end());
      break;
    }
    if (!a.empty() && a[0] == '+') {
      i = parse_plus_flag(args, i, emu);
      continue;
    }
    if (a == "-root" && i + 1 < args.size()) {
      cfg.root = args[i + 1];
      i += 2;
      continue;
    }
    user.push_back(a);
    i++;
  }
  apply_emu_flags(emu, cfg);
  vm_init(cfg);
  std::string err;
  if (!vm_load_preloaded(err)) {
    std::fprintf(stderr, "girder: cannot load the preloaded modules: %s\n", err.c_str());
    return 1;
  }
  // erlexec's command line for the emulator
  std::vector<std::string> boot_args = erlexec_prefix(cfg.root);
  boot_args.insert(boot_args.end(), user.begin(), user.end());
  Heap h;
  std::vector<Term> bins;
  for (const std::string& a : boot_args) bins.push_back(bin(h, a));
  Term argv_list = make_list_from(h, bins.data(), bins.size());
  Term start_args = make_list_from(h, std::vector<Term>{atom::init, argv_list}.data(), 2);
  SpawnOptions opts;
  opts.system_process = true;
  if (!vm_spawn(nullptr, atom_put("erl_init"), atom_put("start"), start_args, opts)) {
    std::fprintf(stderr, "girder: cannot start the init process\n");
    return 1;
  }
  // the system processes ERTS starts beside init
  SpawnOptions sys;
  sys.system_process = true;
  vm_spawn(nullptr, atom_put("erts_code_purger"), atom_put("start"), NIL, sys);
  vm_spawn(nullptr, atom_put("erts_literal_area_collector"), atom_put("start"), NIL, sys);
  for (Term prio : {atom::normal, atom::high, atom::max}) {
    SpawnOptions d;
    d.system_process = true;
    d.priority = prio;
    vm_spawn(nullptr, atom_put("erts_dirty_process_signal_handler"), atom_put("start"), NIL, d);
  }
  return vm_run();
}

}  // namespace girder

namespace girder {

std::vector<std::string> erlexec_args(const std::vector<std::string>& argv, bool* detached) {
  // ERL_AFLAGS before the command line, ERL_FLAGS and then ERL_ZFLAGS
  // after it (before its -extra part)
  std::vector<std::string> in = env_words("ERL_AFLAGS");
  std::vector<std::string> tail;
  size_t extra = argv.size();
  for (size_t i = 0; i < argv.size(); i++)
    if (argv[i] == "-extra") {
      extra = i;
      break;
    }
  in.insert(in.end(), argv.begin(), argv.begin() + long(extra));
  for (const char* var : {"ERL_FLAGS", "ERL_ZFLAGS"}) {
    std::vector<std::string> w = env_words(var);
    in.insert(in.end(), w.begin(), w.end());
  }
  in.insert(in.end(), argv.begin() + long(extra), argv.end());
  std::vector<std::string> out;
  *detached = false;
  for (size_t i = 0; i < in.size(); i++) {
    const std::string& a = in[i];
    if (a == "-extra") {
      out.insert(out.end(), in.begin() + long(i), in.end());
      break;
    }
    if (a == "-args_file" && i + 1 < in.size()) {
      std::vector<std::string> words;
      if (!args_file_words(in[i + 1], words)) {
        int err = errno;
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
        std::fprintf(stderr, "Failed to open arguments file \"%s\" at \"%s\": %s\n", in[i + 1].c_str(), cwd,
                     std::strerror(err));
        std::fputs(ERL_USAGE, stderr);
        std::exit(1);
      }
      // its words take the flag's place (and may hold -args_file again)
      in.erase(in.begin() + long(i), in.begin() + long(i) + 2);
      in.insert(in.begin() + long(i), words.begin(), words.end());
      i--;
      continue;
    }
    if (a == "-env" && i + 2 < in.size()) {
      setenv(in[i + 1].c_str(), in[i + 2].c_str(), 1);
      i += 2;
      continue;
    }
    if (a == "-detached") {
      *detached = true;
      out.push_back("-noshell");
      out.push_back("-noinput");
    }
    // erlexec: -noinput implies -noshell, which init sees first
    if (a == "-noinput") out.push_back("-noshell");
    out.push_back(a);
  }
  return out;
}

void detach_from_terminal() {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid > 0) std::_Exit(0);
  setsid();
  int fd = open("/dev/null", O_RDWR);
  if (fd >= 0) {
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2) close(fd);
  }
}

}  // namespace girder
