%% Raw files through OTP's file module (file:open/2 with raw, which calls
%% prim_file in the caller) and filelib's functions on prim_file: reads and
%% writes with read_ahead and delayed_write (prim_buffer underneath),
%% read_line, positions, truncation, file:copy between raw files, and
%% filelib's checks and searches.
-module(raw_files).
-export([main/0]).

-define(DIR, "raw_files_scratch").

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

main() ->
    scratch_dir:fresh(?DIR),
    try
        plain(),
        read_ahead(),
        delayed_write(),
        lines(),
        copies(),
        filelib_prim()
    after
        scratch_dir:wipe(?DIR)
    end,
    ok.

f(Name) -> filename:join(?DIR, Name).

plain() ->
    {ok, F} = file:open(f("plain"), [raw, write, read, binary]),
    p("write", file:write(F, [<<"abc">>, "def", [$g | <<"hi">>]])),
    p("position", [file:position(F, bof), file:position(F, {cur, 3}), file:position(F, {eof, -2})]),
    p("read", [file:read(F, 5), file:read(F, 5)]),
    p("pread", [file:pread(F, 1, 3), file:pread(F, [{0, 1}, {8, 9}])]),
    p("pwrite", [file:pwrite(F, 0, "A"), file:pread(F, 0, 3)]),
    p("truncate", [file:position(F, 4), file:truncate(F), file:pread(F, 0, 100)]),
    p("info", element(2, file:read_file_info(F)) =/= undefined),
    p("close", [file:close(F), file:close(F)]),
    {ok, L} = file:open(f("plain"), [raw, read]),
    p("list mode", [file:read(L, 2), file:read_line(L)]),
    ok = file:close(L),
    p("write_file raw", file:write_file(f("wf"), <<"raw write">>, [raw])),
    p("read_file_info raw", element(2, element(2, file:read_file_info(f("wf"), [raw])))),
    ok.

read_ahead() ->
    Data = list_to_binary([integer_to_list(N) ++ "\n" || N <- lists:seq(1, 2000)]),
    ok = prim_file:write_file(f("ra"), Data),
    {ok, F} = file:open(f("ra"), [raw, read, binary, {read_ahead, 100}]),
    Lines = read_lines(F, []),
    p("read_ahead lines", {length(Lines), hd(Lines), lists:last(Lines)}),
    p("eof", file:read(F, 1)),
    p("positions", [file:position(F, 10), file:read(F, 5), file:position(F, cur),
                    file:read_line(F), file:position(F, {cur, -3}), file:read(F, 3)]),
    ok = file:close(F),
    {ok, G} = file:open(f("ra"), [raw, read, binary, read_ahead]),
    Chunks = read_chunks(G, 777, []),
    p("read_ahead chunks", {length(Chunks), iolist_to_binary(Chunks) =:= Data}),
    ok = file:close(G),
    ok.

read_lines(F, Acc) ->
    case file:read_line(F) of
        {ok, L} -> read_lines(F, [L | Acc]);
        eof -> lists:reverse(Acc)
    end.

read_chunks(F, N, Acc) ->
    case file:read(F, N) of
        {ok, B} -> read_chunks(F, N, [B | Acc]);
        eof -> lists:reverse(Acc)
    end.

delayed_write() ->
    {ok, F} = file:open(f("dw"), [raw, write, {delayed_write, 50, 100000}]),
    [ok = file:write(F, integer_to_list(N) ++ ",") || N <- lists:seq(1, 300)],
    p("before close", element(2, prim_file:read_file(f("dw"))) =/= <<>>),
    p("close", file:close(F)),
    {ok, B} = prim_file:read_file(f("dw")),
    p("delayed contents", {byte_size(B), binary:part(B, 0, 10)}),
    {ok, G} = file:open(f("dw2"), [raw, write, delayed_write]),
    ok = file:write(G, "small"),
    p("buffered", prim_file:read_file(f("dw2"))),
    p("position flushes", file:position(G, cur)),
    p("flushed", prim_file:read_file(f("dw2"))),
    ok = file:close(G),
    {ok, H} = file:open(f("dw3"), [raw, read, write, binary, delayed_write, read_ahead]),
    ok = file:write(H, "0123456789"),
    p("read after delayed write", [file:position(H, 2), file:read(H, 3)]),
    ok = file:close(H),
    ok.

lines() ->
    ok = prim_file:write_file(f("crlf"), "a\r\nb\nc\r\n\r\nlast"),
    {ok, F} = file:open(f("crlf"), [raw, read, binary]),
    p("crlf lines", read_lines(F, [])),
    ok = file:close(F),
    Long = binary:copy(<<"x">>, 1000),
    ok = prim_file:write_file(f("long"), [Long, "\n", Long]),
    {ok, G} = file:open(f("long"), [raw, read, binary]),
    p("long lines", [byte_size(L) || L <- read_lines(G, [])]),
    ok = file:close(G),
    ok.

copies() ->
    Data = binary:copy(<<"copy me ">>, 5000),
    ok = prim_file:write_file(f("src"), Data),
    {ok, S} = file:open(f("src"), [raw, read, binary]),
    {ok, D} = file:open(f("dst"), [raw, write, binary]),
    p("copy", file:copy(S, D, 1000)),
    p("copy rest", file:copy(S, D)),
    ok = file:close(S),
    ok = file:close(D),
    p("copied", prim_file:read_file(f("dst")) =:= {ok, Data}),
    ok.

filelib_prim() ->
    ok = prim_file:make_dir(f("tree")),
    ok = prim_file:make_dir(f("tree/sub")),
    [ok = prim_file:write_file(f(N), N) || N <- ["tree/a.erl", "tree/b.txt", "tree/sub/c.erl"]],
    p("is_dir", [filelib:is_dir(f("tree"), prim_file), filelib:is_dir(f("tree/a.erl"), prim_file)]),
    p("is_file", [filelib:is_file(f("tree"), prim_file), filelib:is_file(f("nope"), prim_file)]),
    p("is_regular", [filelib:is_regular(f("tree/a.erl"), prim_file), filelib:is_regular(f("tree"), prim_file)]),
    p("file_size", filelib:file_size(f("tree/b.txt"), prim_file)),
    p("last_modified", is_tuple(filelib:last_modified(f("tree/b.txt"), prim_file))),
    p("wildcard", filelib:wildcard("tree/*.erl", ?DIR, prim_file)),
    p("wildcard deep", filelib:wildcard("tree/**/*.erl", ?DIR, prim_file)),
    p("wildcard alt", filelib:wildcard("tree/{a,b}.*", ?DIR, prim_file)),
    ok.
