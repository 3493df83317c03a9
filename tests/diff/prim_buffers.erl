%% OTP's prim_buffer over Girder's natives (bif/prim_buffer_nifs.cpp): how
%% writes are split into the slices that read_iovec/2 answers with (ERTS's
%% write accumulator), reads, skips, searches, the advisory lock, and the
%% errors with the NIF's own frame.
-module(prim_buffers).
-export([main/0]).

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

%% Value, or the exception with the prim_buffer frames of its stack
%% (arguments as their count: a handle prints differently on each VM).
t(F) ->
    try F()
    catch C:R:S -> {C, R, [{M, Fn, arity(A)} || {M, Fn, A, _} <- S, M =:= prim_buffer]}
    end.

arity(A) when is_list(A) -> length(A);
arity(A) -> A.

sizes(L) -> [byte_size(B) || B <- L].

main() ->
    slices(),
    chunks(),
    errors(),
    ok.

slices() ->
    B = prim_buffer:new(),
    p("empty", {prim_buffer:size(B), prim_buffer:read(B, 0), prim_buffer:read_iovec(B, 0)}),
    ok = prim_buffer:write(B, [<<1:8000>>]),
    p("first", sizes(prim_buffer:read_iovec(B, 100))),
    ok = prim_buffer:write(B, [binary:copy(<<"a">>, 100), binary:copy(<<"b">>, 1500), <<"c">>]),
    p("combined", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, 1000))}),
    ok = prim_buffer:write(B, [binary:copy(<<"a">>, 1100), binary:copy(<<"b">>, 1500), <<"c">>]),
    p("queued", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, 2000))}),
    p("rest", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    [ok = prim_buffer:write(B, [binary:copy(<<"x">>, 300)]) || _ <- lists:seq(1, 10)],
    p("300s", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    ok = prim_buffer:write(B, [<<"a">>, <<"b">>, <<"cc">>, binary:copy(<<"x">>, 3000), <<"d">>]),
    p("mixed", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    ok = prim_buffer:write(B, [<<"a">>, binary:copy(<<"x">>, 200), <<"b">>, binary:copy(<<"y">>, 3000), <<"d">>]),
    p("steps", [sizes(prim_buffer:read_iovec(B, 70)) || _ <- lists:seq(1, 5)]),
    p("find", {prim_buffer:find_byte_index(B, $y), prim_buffer:find_byte_index(B, $d),
               prim_buffer:find_byte_index(B, $q)}),
    p("skip", {prim_buffer:skip(B, 100), prim_buffer:size(B)}),
    p("wipe", {prim_buffer:wipe(B), prim_buffer:size(B)}),
    ok = prim_buffer:write(B, [<<>>, binary:copy(<<"y">>, 3000), <<>>, <<"d">>]),
    p("empties", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    ok = prim_buffer:write(B, [<<"x">> || _ <- lists:seq(1, 100)]),
    ok = prim_buffer:write(B, [binary:copy(<<"x">>, 100) || _ <- lists:seq(1, 100)]),
    p("many", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    <<_:3, U:2000/binary, _:5>> = <<0:3, (binary:copy(<<"z">>, 2000))/binary, 0:5>>,
    ok = prim_buffer:write(B, [U]),
    p("unaligned", {prim_buffer:size(B), prim_buffer:read(B, 2000) =:= binary:copy(<<"z">>, 2000)}),
    ok = prim_buffer:write(B, [<<"line one\nline two\r\nend">>]),
    {ok, I1} = prim_buffer:find_byte_index(B, $\n),
    p("line", prim_buffer:read(B, I1 + 1)),
    {ok, I2} = prim_buffer:find_byte_index(B, $\n),
    p("line", prim_buffer:read(B, I2 + 1)),
    p("tail", {prim_buffer:find_byte_index(B, $\n), prim_buffer:read(B, prim_buffer:size(B))}),
    ok.

chunks() ->
    B = prim_buffer:new(),
    Big = [binary:copy(<<N>>, 40) || N <- lists:seq(1, 200)],
    ok = prim_buffer:write(B, Big),
    p("200 binaries", {prim_buffer:size(B), sizes(prim_buffer:read_iovec(B, prim_buffer:size(B)))}),
    Data = << <<N:32>> || N <- lists:seq(1, 10000) >>,
    ok = prim_buffer:write(B, [Data]),
    Back = prim_buffer:read(B, 20000),
    p("read across", {Back =:= binary:part(Data, 0, 20000), prim_buffer:size(B)}),
    p("iovec", sizes(prim_buffer:read_iovec(B, 20000))),
    ok.

errors() ->
    B = prim_buffer:new(),
    ok = prim_buffer:write(B, [<<"abc">>]),
    p("read too much", t(fun() -> prim_buffer:read(B, 100000) end)),
    p("skip too much", t(fun() -> prim_buffer:skip(B, 100000) end)),
    p("skip negative", t(fun() -> prim_buffer:skip(B, -1) end)),
    p("skip atom", t(fun() -> prim_buffer:skip(B, foo) end)),
    p("skip huge", t(fun() -> prim_buffer:skip(B, 1 bsl 64) end)),
    p("write atom", t(fun() -> prim_buffer:write(B, foo) end)),
    p("write [atom]", t(fun() -> prim_buffer:write(B, [foo]) end)),
    p("write binary", t(fun() -> prim_buffer:write(B, <<"abc">>) end)),
    p("write bits", t(fun() -> prim_buffer:write(B, [<<1:3>>]) end)),
    p("write bytes and bits", t(fun() -> prim_buffer:write(B, [<<"ab", 1:3>>]) end)),
    p("write nested", t(fun() -> prim_buffer:write(B, [[<<"a">>]]) end)),
    p("write improper", t(fun() -> prim_buffer:write(B, [<<"a">> | <<"b">>]) end)),
    p("write empty", t(fun() -> prim_buffer:write(B, []) end)),
    p("find 256", t(fun() -> prim_buffer:find_byte_index(B, 256) end)),
    p("find -1", t(fun() -> prim_buffer:find_byte_index(B, -1) end)),
    p("find atom", t(fun() -> prim_buffer:find_byte_index(B, foo) end)),
    p("not a buffer", t(fun() -> prim_buffer:size(make_ref()) end)),
    p("not a buffer (zlib)", t(fun() -> prim_buffer:size(zlib:open()) end)),
    p("copying_read is local", t(fun() -> prim_buffer:copying_read(B, 1) end)),
    p("lock", [t(fun() -> prim_buffer:try_lock(B) end), t(fun() -> prim_buffer:try_lock(B) end),
               t(fun() -> prim_buffer:unlock(B) end), t(fun() -> prim_buffer:unlock(B) end)]),
    p("size", prim_buffer:size(B)),
    ok.
