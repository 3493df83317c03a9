%% OTP's prim_file over Girder's natives (runtime/bif_prim_file*.cpp): files
%% opened, read, written, positioned, truncated and closed; the #file_info
%% fields that stay the same from run to run; directories, links, renames;
%% names outside ASCII; the error atoms ERTS gives; and a file closed when
%% the process that opened it exits. Everything happens in a scratch
%% directory below the current one.
-module(prim_files).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(DIR, "prim_files_scratch").

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    scratch_dir:fresh(?DIR),
    {ok, Cwd} = prim_file:get_cwd(),
    ok = prim_file:set_cwd(?DIR),
    try
        whole_files(),
        handles(),
        infos(),
        directories(),
        links(),
        names(),
        errors(),
        owner_exit()
    after
        ok = prim_file:set_cwd(Cwd),
        scratch_dir:wipe(?DIR)
    end,
    ok.

whole_files() ->
    p("write_file", prim_file:write_file("a.txt", [<<"hello ">>, "world", $\n])),
    p("read_file", prim_file:read_file("a.txt")),
    p("read_file binary name", prim_file:read_file(<<"a.txt">>)),
    p("read_file deep name", prim_file:read_file(["a", [$., "txt"]])),
    Big = << <<(N rem 251)>> || N <- lists:seq(1, 300000) >>,
    ok = prim_file:write_file("big.bin", Big),
    {ok, Back} = prim_file:read_file("big.bin"),
    p("big roundtrip", {byte_size(Back), Back =:= Big}),
    p("read_file proc", case prim_file:read_file("/proc/self/stat") of
                            {ok, B} -> byte_size(B) > 0;
                            E -> E
                        end),
    p("empty file", {prim_file:write_file("empty", <<>>), prim_file:read_file("empty")}),
    ok.

handles() ->
    {ok, F} = prim_file:open("h.bin", [read, write, binary]),
    p("write", prim_file:write(F, [<<"0123456789">>, "abcdef"])),
    p("position eof", prim_file:position(F, eof)),
    p("position bof", prim_file:position(F, bof)),
    p("read 4", prim_file:read(F, 4)),
    p("position cur", prim_file:position(F, cur)),
    p("position {cur,2}", prim_file:position(F, {cur, 2})),
    p("read 100", prim_file:read(F, 100)),
    p("read at eof", prim_file:read(F, 1)),
    p("pread", prim_file:pread(F, 3, 5)),
    p("pread past eof", prim_file:pread(F, 100, 5)),
    p("pread list", prim_file:pread(F, [{0, 2}, {14, 10}, {50, 1}])),
    p("pwrite", prim_file:pwrite(F, 2, <<"XY">>)),
    p("pwrite list", prim_file:pwrite(F, [{0, "ab"}, {20, <<"far">>}])),
    p("contents", prim_file:pread(F, 0, 100)),
    p("position 5", prim_file:position(F, 5)),
    p("truncate", prim_file:truncate(F)),
    p("after truncate", prim_file:pread(F, 0, 100)),
    p("sync", {prim_file:sync(F), prim_file:datasync(F)}),
    p("advise", {prim_file:advise(F, 0, 10, sequential), prim_file:advise(F, 0, 10, bogus)}),
    p("allocate", prim_file:allocate(F, 0, 4096)),
    {ok, #file_info{size = Size}} = prim_file:read_handle_info(F),
    p("allocated size", Size),
    p("handle", byte_size(prim_file:get_handle(F))),
    p("big read", prim_file:read(F, 1 bsl 62)),
    p("negative position", prim_file:position(F, {bof, -1})),
    p("close", prim_file:close(F)),
    p("close again", prim_file:close(F)),
    p("read closed", prim_file:read(F, 1)),
    p("write closed", prim_file:write(F, "x")),
    p("info closed", prim_file:read_handle_info(F)),
    %% append, exclusive, read-only
    {ok, A} = prim_file:open("app.txt", [append]),
    ok = prim_file:write(A, "one\n"),
    ok = prim_file:close(A),
    {ok, A2} = prim_file:open("app.txt", [append]),
    ok = prim_file:write(A2, "two\n"),
    ok = prim_file:close(A2),
    p("appended", prim_file:read_file("app.txt")),
    p("exclusive existing", prim_file:open("app.txt", [exclusive])),
    {ok, X} = prim_file:open("new.txt", [exclusive]),
    ok = prim_file:close(X),
    {ok, R} = prim_file:open("app.txt", [read]),
    p("write read-only", prim_file:write(R, "x")),
    ok = prim_file:close(R),
    {ok, W} = prim_file:open("app.txt", [write]),
    p("truncated on open", {prim_file:read(W, 10), prim_file:read_file("app.txt")}),
    ok = prim_file:close(W),
    %% read_line, with and without read-ahead
    ok = prim_file:write_file("lines.txt", "first\nsecond\r\nthird"),
    {ok, L} = prim_file:open("lines.txt", [read, binary]),
    p("lines", [prim_file:read_line(L) || _ <- lists:seq(1, 4)]),
    ok = prim_file:close(L),
    {ok, L2} = prim_file:open("lines.txt", [read, binary, {read_ahead, 4}]),
    p("read ahead", [prim_file:read(L2, 3), prim_file:read(L2, 3), prim_file:position(L2, cur),
                     prim_file:read_line(L2), prim_file:read(L2, 100), prim_file:read(L2, 1)]),
    ok = prim_file:close(L2),
    %% ipread_s32bu_p32bu: a size and a position, then the data there
    ok = prim_file:write_file("ip.bin", <<5:32, 12:32, 0:32, "hello world">>),
    {ok, I} = prim_file:open("ip.bin", [read, binary]),
    p("ipread", [prim_file:ipread_s32bu_p32bu(I, 0, infinity), prim_file:ipread_s32bu_p32bu(I, 0, 4),
                 prim_file:ipread_s32bu_p32bu(I, 16, 10), prim_file:ipread_s32bu_p32bu(I, 1000, 10)]),
    ok = prim_file:close(I),
    ok.

infos() ->
    ok = prim_file:write_file("info.txt", "12345"),
    {ok, I} = prim_file:read_file_info("info.txt"),
    p("info", {I#file_info.size, I#file_info.type, I#file_info.access, I#file_info.links}),
    p("info times", {is_tuple(I#file_info.mtime), is_tuple(I#file_info.atime), is_tuple(I#file_info.ctime)}),
    {ok, P} = prim_file:read_file_info("info.txt", [{time, posix}]),
    {ok, U} = prim_file:read_file_info("info.txt", [{time, universal}]),
    p("posix vs universal", calendar:gregorian_seconds_to_datetime(P#file_info.mtime + 62167219200) =:= U#file_info.mtime),
    p("same inode", P#file_info.inode =:= I#file_info.inode),
    p("dir info", element(3, element(2, prim_file:read_file_info(".")))),
    ok = prim_file:write_file_info("info.txt", #file_info{mode = 8#600, mtime = 1000000000, atime = 1000000000}, [{time, posix}]),
    {ok, P2} = prim_file:read_file_info("info.txt", [{time, posix}]),
    p("written info", {P2#file_info.mode band 8#7777, P2#file_info.mtime, P2#file_info.atime}),
    ok = prim_file:write_file_info("info.txt", #file_info{mtime = {{2001,2,3},{4,5,6}}}, [{time, universal}]),
    {ok, U2} = prim_file:read_file_info("info.txt", [{time, universal}]),
    p("written universal", U2#file_info.mtime),
    {ok, F} = prim_file:open("info.txt", [read]),
    {ok, H} = prim_file:read_handle_info(F, [{time, posix}]),
    p("handle info", {H#file_info.size, H#file_info.type, H#file_info.mtime, H#file_info.inode =:= P2#file_info.inode}),
    ok = prim_file:close(F),
    p("missing", prim_file:read_file_info("nope")),
    ok.

directories() ->
    ok = prim_file:make_dir("d"),
    p("make existing", prim_file:make_dir("d")),
    [ok = prim_file:write_file(filename:join("d", N), N) || N <- ["c", "a", "b"]],
    ok = prim_file:make_dir("d/sub"),
    {ok, Names} = prim_file:list_dir("d"),
    p("list_dir", lists:sort(Names)),
    p("list_dir_all", element(1, prim_file:list_dir_all("d"))),
    p("del_dir non-empty", prim_file:del_dir("d")),
    p("delete dir", prim_file:delete("d/sub")),
    p("del_dir file", prim_file:del_dir("d/a")),
    p("rename", prim_file:rename("d/a", "d/z")),
    p("after rename", lists:sort(element(2, prim_file:list_dir("d")))),
    p("rename onto dir", prim_file:rename("d/z", "d/sub")),
    p("rename missing", prim_file:rename("d/nope", "d/q")),
    p("del_dir", {prim_file:del_dir("d/sub"), prim_file:del_dir("d/sub")}),
    p("list file", prim_file:list_dir("d/b")),
    p("list missing", prim_file:list_dir("nope")),
    {ok, Here} = prim_file:get_cwd(),
    p("cwd", filename:basename(Here)),
    p("set_cwd", {prim_file:set_cwd("d"), filename:basename(element(2, prim_file:get_cwd())),
                  prim_file:set_cwd(".."), prim_file:set_cwd("nope")}),
    p("cwd drive", prim_file:get_cwd("c:")),
    p("altname", prim_file:altname("d")),
    ok.

links() ->
    ok = prim_file:write_file("target", "t"),
    p("make_link", prim_file:make_link("target", "hard")),
    p("make_symlink", prim_file:make_symlink("target", "soft")),
    p("read_link", prim_file:read_link("soft")),
    p("read_link_all", prim_file:read_link_all("soft")),
    p("read_link not a link", prim_file:read_link("target")),
    {ok, I} = prim_file:read_link_info("soft"),
    p("link info", {I#file_info.type, I#file_info.size}),
    {ok, T} = prim_file:read_file_info("soft"),
    p("followed", {T#file_info.type, T#file_info.size, T#file_info.links}),
    p("link exists", prim_file:make_symlink("target", "soft")),
    p("dangling", {prim_file:make_symlink("gone", "dangling"), prim_file:read_file_info("dangling"),
                   element(1, prim_file:read_link_info("dangling"))}),
    ok.

names() ->
    Name = [16#e5, $n, 16#10d, 16#3b1, $.,  $t],
    p("write unicode", prim_file:write_file(Name, "x")),
    p("listed", lists:member(Name, element(2, prim_file:list_dir(".")))),
    p("read unicode", prim_file:read_file(Name)),
    p("binary name", prim_file:read_file(unicode:characters_to_binary(Name))),
    p("encoding", file:native_name_encoding()),
    p("name2native", [prim_file:internal_name2native(N) || N <- ["a", <<"b">>, [[$c]], [16#e5]]]),
    p("native2name", [prim_file:internal_native2name(B) || B <- [<<"a">>, <<16#c3, 16#a5>>, <<255>>]]),
    p("bad names", [t(fun() -> prim_file:internal_name2native(N) end) || N <- [abc, "a\0b", [-1], {x}]]),
    p("nfc", prim_file:internal_normalize_utf8(<<"e", 16#cc, 16#81>>)),
    p("translatable", [prim_file:is_translatable(B) || B <- [<<"a">>, <<255>>]]),
    ok.

errors() ->
    p("open missing", prim_file:open("nope/x", [write])),
    p("open dir", prim_file:open(".", [read])),
    p("open dir as dir", element(1, prim_file:open(".", [read, directory]))),
    p("open file as dir", prim_file:open("target", [read, directory])),
    p("open bad name", prim_file:open(foo, [read])),
    p("open nul", prim_file:open("a\0b", [read])),
    p("open bad modes", prim_file:open("target", foo)),
    p("read_file dir", prim_file:read_file(".")),
    p("read_file missing", prim_file:read_file("nope")),
    p("read_file through file", prim_file:read_file("target/x")),
    p("delete missing", prim_file:delete("nope")),
    p("delete dir", prim_file:delete(".")),
    p("make_dir missing parent", prim_file:make_dir("nope/x")),
    p("del_dir missing", prim_file:del_dir("nope")),
    p("del_dir cwd", prim_file:del_dir(".")),
    p("fd to ref", [prim_file:file_desc_to_ref(-1, [read]), prim_file:file_desc_to_ref(foo, [read])]),
    p("write_file to dir", prim_file:write_file(".", "x")),
    ok.

%% A file opened by a process that then exits is closed: its descriptor
%% goes (counted in /proc/self/fd), and its handle answers only its owner.
owner_exit() ->
    Before = fd_count(),
    Self = self(),
    {Pid, Mon} = spawn_monitor(fun() ->
                                       {ok, F} = prim_file:open("owned.txt", [write]),
                                       ok = prim_file:write(F, "owned"),
                                       Self ! {fd, F, fd_count()},
                                       receive never -> ok end
                               end),
    {F, During} = receive {fd, Fd, N} -> {Fd, N} end,
    p("opened one", During - Before),
    p("not the owner", t(fun() -> prim_file:read(F, 1) end)),
    exit(Pid, kill),
    receive {'DOWN', Mon, process, Pid, killed} -> ok end,
    p("closed after exit", wait_fd_count(Before)),
    p("written", prim_file:read_file("owned.txt")),
    ok.

fd_count() -> length(element(2, prim_file:list_dir("/proc/self/fd"))).

%% The helper process closes it a moment after the owner's exit.
wait_fd_count(N) ->
    case fd_count() of
        N -> true;
        _ -> erlang:yield(), wait_fd_count(N)
    end.
