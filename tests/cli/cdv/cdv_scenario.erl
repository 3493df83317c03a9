%% What tests/cli/crash_dump_viewer.sh has a VM dump: a few processes (one
%% registered, waiting with a message in its queue, a dictionary, links and
%% monitors), a port, ETS tables, timers and a persistent term; then
%% halt("boom"). Before it halts it writes what the dump must show to
%% the file named by its argument, as an Erlang term.
-module(cdv_scenario).
-export([main/1, bitstrings/0]).

main([ExpectFile]) ->
    T = ets:new(cdv_probe_tab, [named_table, public, ordered_set]),
    ets:insert(T, {k, 1.5, <<"bin">>}),
    ets:new(cdv_probe_bag, [bag]),
    Port = open_port({spawn, "cat"}, [binary]),
    register(cdv_probe_port, Port),
    Parent = self(),
    Waiter = spawn(fun() -> waiter(Parent, Port) end),
    receive ready -> ok end,
    Waiter ! message(),
    [spawn(fun() -> receive never -> ok end end) || _ <- lists:seq(1, 3)],
    erlang:send_after(100000, self(), tick),
    erlang:send_after(100000, cdv_probe_waiter, tock),
    persistent_term:put({cdv_probe, pt}, {persisted, [1, 2]}),
    %% the message is taken in by the waiter's next receive, not before
    timer:sleep(50),
    Expect = #{procs => length(processes()), waiter => pid_to_list(Waiter), message => message(),
               exact => exact_terms()},
    ok = file:write_file(ExpectFile, io_lib:format("~p.~n", [Expect])),
    halt("boom").

waiter(Parent, Port) ->
    link(Port),
    put(cdv_probe_key, {value, 42}),
    %% made here, so that they are on this process's heap as they are
    %% (a message would be a copy)
    put(cdv_probe_exact, exact_terms()),
    put(cdv_probe_shaped, shaped_terms(Port)),
    register(cdv_probe_waiter, self()),
    erlang:monitor(process, Parent),
    erlang:monitor(port, Port),
    Parent ! ready,
    receive never -> ok end.

%% Terms of most kinds the heap notation has: a tuple, a list, an atom, a
%% heap binary, a float, a bignum, a map, a large (refc) binary last.
message() ->
    {hello, [1, 2, 3], <<"heap">>, 3.25, 123456789012345678901234567890, -7,
     #{a => 1, "b" => [x]}, lists:seq(1, 40), <<0:800>>}.

%% Terms the viewer gives back as they are.
exact_terms() ->
    Heap = list_to_binary("0123456789"),
    [{tuple, {a, "str", 1.0e300, -1.5, [a | b], {}, [], <<>>, #{}}},
     {bignums, {-(1 bsl 200), 1 bsl 64}},
     {small_map, #{k => v, 1 => [2]}},
     {hash_map, maps:from_list([{I, I * I} || I <- lists:seq(1, 40)])},
     {heap_binary, Heap},
     {sub_of_heap_binary, binary:part(Heap, 2, 5)},
     {sub_of_literal, binary:part(<<"literal binary">>, 3, 4)},
     {export_fun, fun lists:map/2},
     {unicode_atom, 'ĉapelo'}].

%% Terms the viewer shows as placeholders or decodes without their
%% identity: cdv_check knows their shapes by their tags.
shaped_terms(Port) ->
    Big = list_to_binary(lists:duplicate(200, $x)),
    X = erlang:unique_integer(),
    %% (ERTS writes a refc binary's bytes only if the binary itself is on
    %% the heap, not just a sub-binary of it)
    [{ref, make_ref()},
     {closure, fun() -> X end},
     {refc_binary, Big},
     {bitstrings, bitstrings()},
     {sub_of_refc_binary, binary:part(Big, 10, 100)},
     {pid, self()},
     {port, Port},
     {external_pid, binary_to_term(<<131, 88, 100, 0, 13, "cdv@elsewhere", 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1>>)}].

bitstrings() ->
    <<_:3, Bits/bitstring>> = list_to_binary("0123456789"),
    {<<1:3>>, Bits}.
