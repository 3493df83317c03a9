%% Reads a crash dump with OTP's crashdump_viewer (its server, without the
%% GUI) and checks what it shows against what cdv_scenario wrote down
%% before it halted. Runs on erl. Prints a line per check; halts with 0 if
%% all passed, 1 if not.
%% Usage: cdv_check:main([Dump, ExpectFile]).
-module(cdv_check).
-export([main/1]).

-include("crashdump_viewer.hrl").

main([Dump, ExpectFile]) ->
    {ok, [Expect]} = file:consult(ExpectFile),
    register(cdv_check_progress, self()),
    %% the viewer prints "WARNING: Found unexpected line ..." for lines it
    %% does not know: its output goes to a collector
    Collector = spawn(fun() -> collect([]) end),
    Own = group_leader(),
    group_leader(Collector, self()),
    {ok, _} = crashdump_viewer:start_link(),
    group_leader(Own, self()),
    crashdump_viewer:read_file(Dump),
    Read = wait_read(),
    Results = case Read of
                  ok -> [check(Name, Fun) || {Name, Fun} <- checks(Expect)];
                  Error -> [report(read_file, Error)]
              end,
    Collector ! {get, self()},
    Printed = receive {printed, P} -> P end,
    Unexpected = [L || L <- string:split(Printed, "\n", all), string:find(L, "WARNING") =/= nomatch],
    Last = report(no_viewer_warnings, case Unexpected of [] -> ok; _ -> {printed, Printed} end),
    Failed = length([R || R <- [Last | Results], R =/= ok]),
    io:format("cdv_check: ~p checks, ~p failed~n", [length(Results) + 1, Failed]),
    halt(if Failed =:= 0 -> 0; true -> 1 end).

wait_read() ->
    receive
        {cdv_progress, {ok, done}} -> ok;
        {cdv_progress, {error, _} = E} -> E;
        {cdv_progress, _} -> wait_read()
    after 120000 -> {error, timeout}
    end.

check(Name, Fun) ->
    report(Name, try Fun() catch C:R:S -> {C, R, S} end).

report(Name, ok) ->
    io:format("ok ~p~n", [Name]),
    ok;
report(Name, Why) ->
    io:format("FAIL ~p: ~P~n", [Name, Why, 40]),
    failed.

%% Each check answers ok, or what it found instead.
checks(#{procs := NumProcs, waiter := Waiter, message := Message, exact := Exact}) ->
    [{general_info,
      fun() ->
              {ok, GI, []} = crashdump_viewer:general_info(),
              expect({"boom", integer_to_list(NumProcs)}, {GI#general_info.slogan, GI#general_info.num_procs})
      end},
     {processes,
      fun() ->
              {ok, Procs, []} = crashdump_viewer:processes(),
              Names = [P#proc.name || P <- Procs],
              Want = ["init", "code_server", "cdv_probe_waiter"],
              expect({NumProcs, Want}, {length(Procs), [N || N <- Want, lists:member(N, Names)]})
      end},
     {every_process_details,
      %% each process's heap, stack, messages and dictionary decode
      fun() ->
              {ok, Procs, []} = crashdump_viewer:processes(),
              Bad = [{P#proc.pid, R} || P <- Procs,
                                        R <- [crashdump_viewer:proc_details(pid_to_list(P#proc.pid))],
                                        element(1, R) =/= ok orelse element(3, R) =/= []],
              expect([], Bad)
      end},
     {waiter_details,
      fun() ->
              {ok, P, []} = crashdump_viewer:proc_details(Waiter),
              [{Msg, _Token}] = P#proc.msg_q,
              %% a refc binary shows as a link to its bytes
              ['#CDVBin', 0, 100, _] = element(tuple_size(Msg), Msg),
              Strip = fun(T) -> setelement(tuple_size(T), T, refc) end,
              Links = [L || {L, _} <- P#proc.links],
              expect({Strip(Message), true, [{cdv_probe_key, {value, 42}}], true, 2},
                     {Strip(Msg), P#proc.stack_dump =/= [],
                      [D || {cdv_probe_key, _} = D <- P#proc.dict],
                      lists:any(fun(L) -> lists:prefix("#Port<", L) end, Links),
                      length(P#proc.monitors)})
      end},
     {waiter_heap_terms,
      %% terms of every kind, as the waiter's heap holds them
      fun() ->
              {ok, P, []} = crashdump_viewer:proc_details(Waiter),
              [Shaped] = [V || {cdv_probe_shaped, V} <- P#proc.dict],
              Shapes = [{K, shape(K, V)} || {K, V} <- Shaped],
              expect({[Exact], [{K, ok} || {K, _} <- Shapes]},
                     {[V || {cdv_probe_exact, V} <- P#proc.dict], Shapes})
      end},
     {ets_tables,
      fun() ->
              {ok, Tabs, []} = crashdump_viewer:ets_tables(all),
              Found = [{T#ets_table.data_type, T#ets_table.size} || T <- Tabs, T#ets_table.name =:= "cdv_probe_tab"],
              Bag = [T#ets_table.is_named || T <- Tabs, T#ets_table.name =:= "cdv_probe_bag"],
              expect({[{"ordered_set", 1}], ["no"]}, {Found, Bag})
      end},
     {ports,
      fun() ->
              {ok, Ports, []} = crashdump_viewer:ports(),
              expect(["External proc: cat"], [P#port.controls || P <- Ports, P#port.name =:= "cdv_probe_port"])
      end},
     {timers,
      fun() ->
              {ok, Timers, []} = crashdump_viewer:timers(all),
              Msgs = [T#timer.msg || T <- Timers],
              expect([true, true], [lists:member(M, Msgs) || M <- ["tick", "tock"]])
      end},
     {loaded_modules,
      fun() ->
              {ok, Mods, []} = crashdump_viewer:loaded_modules(),
              {ok, Lists, []} = crashdump_viewer:loaded_mod_details("lists"),
              expect({true, true},
                     {lists:any(fun(M) -> M#loaded_mod.mod =:= {<<"lists">>, nq} end, Mods),
                      is_integer(Lists#loaded_mod.current_size)})
      end},
     {memory,
      fun() ->
              {ok, Mem, []} = crashdump_viewer:memory(),
              expect([true, true], [lists:keymember(K, 1, Mem) || K <- [total, processes]])
      end},
     {persistent_terms,
      fun() ->
              {ok, Terms, []} = crashdump_viewer:persistent_terms(),
              expect([{persisted, [1, 2]}], [V || {{cdv_probe, pt}, V} <- Terms])
      end},
     {atoms,
      fun() ->
              {ok, Atoms, []} = crashdump_viewer:atoms(),
              expect(true, lists:keymember({<<"cdv_probe_tab">>, nq}, 2, Atoms))
      end},
     {schedulers,
      fun() ->
              {ok, Scheds, []} = crashdump_viewer:schedulers(),
              expect(true, lists:any(fun(S) -> S#sched.type =:= normal end, Scheds))
      end},
     {other_pages,
      %% these only have to read without failing
      fun() ->
              [{ok, _, _} = crashdump_viewer:F() ||
                  F <- [funs, dist_info, allocated_areas, allocator_info, hash_tables, index_tables]],
              ok
      end}].

shape(ref, R) when is_reference(R) -> ok;
shape(closure, F) when is_function(F, 0) -> ok;
shape(refc_binary, ['#CDVBin', 0, 200, _]) -> ok;
shape(bitstrings, V) ->
    %% ERTS writes only the whole bytes, from the byte the bits start in
    case V =:= cdv_scenario:bitstrings() orelse V =:= {<<>>, <<"012345678">>} of
        true -> ok;
        false -> {unexpected, V}
    end;
shape(sub_of_refc_binary, ['#CDVBin', 10, 100, _]) -> ok;
shape(pid, ['#CDVPid', 0, _, 0]) -> ok;
shape(port, ['#CDVPort', 0, _]) -> ok;
shape(external_pid, ['#CDVPid', _, 5, 0]) -> ok;
shape(_, V) -> {unexpected, V}.

expect(Want, Want) -> ok;
expect(Want, Got) -> {expected, Want, got, Got}.

%% A group leader that keeps what is printed.
collect(Acc) ->
    receive
        {io_request, From, ReplyAs, Req} ->
            From ! {io_reply, ReplyAs, ok},
            collect([chars(Req) | Acc]);
        {get, Pid} ->
            Pid ! {printed, lists:flatten(lists:reverse(Acc))}
    end.

chars({put_chars, _Enc, Chars}) -> unicode:characters_to_list(Chars);
chars({put_chars, _Enc, M, F, A}) -> unicode:characters_to_list(apply(M, F, A));
chars(_) -> [].
