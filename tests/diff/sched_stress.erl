%% Many processes linking, monitoring, exiting and messaging at once, on
%% every scheduler: no message or exit signal may be lost, duplicated or
%% reordered between one sender and one receiver. CI also runs it with
%% DIFF_VM_FLAGS='+S 4' (more schedulers than cores: more interleavings)
%% and in the ThreadSanitizer build. Everything printed is a count or a
%% yes/no, so it is the same on every VM and every run.
-module(sched_stress).
-export([main/0]).

-define(ROUNDS, 3).

main() ->
    process_flag(trap_exit, true),
    [stress_round(R) || R <- lists:seq(1, ?ROUNDS)],
    ok.

stress_round(R) ->
    show({round, R, ordered_messages, ordered_messages(40, 400)}),
    show({round, R, link_exits, link_exits(20, 100)}),
    show({round, R, monitors, monitors(2000)}),
    show({round, R, messages_before_exit, messages_before_exit(200, 50)}),
    show({round, R, kills_while_busy, kills_while_busy(300)}),
    show({round, R, names, names(500)}),
    show({round, R, ring, ring(500, 20)}),
    show({round, R, alive_after_kill, alive_after_kill(300)}),
    show({round, R, info_sees_sent, info_sees_sent(200)}),
    show({round, R, leftover, flush()}).

%% Senders, each sending numbered messages to one collector: each sender's
%% messages arrive all, in order.
ordered_messages(Senders, Each) ->
    Self = self(),
    Collector = spawn_link(fun() -> collect(Senders * Each, #{}, Self) end),
    [spawn_link(fun() -> [Collector ! {self(), I} || I <- lists:seq(1, Each)] end)
     || _ <- lists:seq(1, Senders)],
    R = receive {collected, Result} -> Result end,
    wait_exits(Senders + 1),
    R.

collect(0, Last, Parent) ->
    Parent ! {collected, {senders, map_size(Last), lists:usort(maps:values(Last))}};
collect(Left, Last, Parent) ->
    receive
        {From, I} ->
            Prev = maps:get(From, Last, 0),
            case I =:= Prev + 1 of
                true -> collect(Left - 1, Last#{From => I}, Parent);
                false -> Parent ! {collected, {out_of_order, Prev, I}}
            end
    end.

%% Trapping parents with linked children that exit with their own reason:
%% each parent gets every child's 'EXIT' once, with that reason.
link_exits(Parents, Children) ->
    Self = self(),
    [spawn_link(fun() ->
                    process_flag(trap_exit, true),
                    Kids = [spawn_link(fun() -> receive go -> exit({bye, K}) end end)
                            || K <- lists:seq(1, Children)],
                    [K ! go || K <- Kids],
                    Got = [receive {'EXIT', Kid, {bye, N}} -> N end || Kid <- Kids],
                    Self ! {parent_done, Got =:= lists:seq(1, Children)}
                end)
     || _ <- lists:seq(1, Parents)],
    Oks = [receive {parent_done, Ok} -> Ok end || _ <- lists:seq(1, Parents)],
    wait_exits(Parents),
    {length(Oks), lists:usort(Oks)}.

%% Monitors on processes that exit at once, some before the monitor is
%% set: every monitor gives one DOWN, with the exit reason or noproc.
monitors(N) ->
    Ps = [spawn(fun() -> exit({gone, I}) end) || I <- lists:seq(1, N)],
    Refs = [{erlang:monitor(process, P), P, I} || {P, I} <- lists:zip(Ps, lists:seq(1, N))],
    Whys = [receive {'DOWN', Ref, process, P, Why} -> classify(Why, I) end || {Ref, P, I} <- Refs],
    {N, lists:usort(Whys)}.

classify({gone, I}, I) -> reason;
classify(noproc, _) -> reason;  % it had exited before the monitor
classify(Other, _) -> {wrong, Other}.

%% A process sends messages to its trapping linked parent and exits: the
%% parent sees all the messages before the 'EXIT'.
messages_before_exit(Procs, Each) ->
    Self = self(),
    Pids = [spawn_link(fun() -> [Self ! {msg, self(), I} || I <- lists:seq(1, Each)], exit(done) end)
            || _ <- lists:seq(1, Procs)],
    Results = [drain(P, 1, Each) || P <- Pids],
    {Procs, lists:usort(Results)}.

drain(P, I, Each) ->
    receive
        {msg, P, I} -> drain(P, I + 1, Each);
        {'EXIT', P, done} when I =:= Each + 1 -> ok;
        {'EXIT', P, done} -> {exit_before_messages, I};
        {msg, P, J} -> {out_of_order, I, J}
    end.

%% Busy processes messaging each other are killed by another: each killed
%% process's monitor says killed, and nothing else arrives for them.
kills_while_busy(N) ->
    Self = self(),
    Busy = [spawn(fun() -> chatter(Self) end) || _ <- lists:seq(1, N)],
    [P ! {peers, Busy} || P <- Busy],
    Refs = [erlang:monitor(process, P) || P <- Busy],
    Killer = spawn(fun() -> [exit(P, kill) || P <- Busy] end),
    KRef = erlang:monitor(process, Killer),
    receive {'DOWN', KRef, process, Killer, normal} -> ok end,
    Whys = [receive {'DOWN', R, process, _, W} -> W end || R <- Refs],
    {N, lists:usort(Whys)}.

chatter(Parent) ->
    receive {peers, Peers} -> chatter(Parent, list_to_tuple(Peers), 0) end.
chatter(Parent, Peers, K) ->
    element(1 + K rem tuple_size(Peers), Peers) ! {chat, K},
    receive _ -> ok after 0 -> ok end,
    chatter(Parent, Peers, K + 1).

%% Registering and exiting at once: every name is free again after its
%% process's DOWN, and registered/0 never shows a dead name.
names(N) ->
    Self = self(),
    Ps = [spawn(fun() ->
                    Name = list_to_atom("sched_stress_" ++ integer_to_list(I)),
                    true = register(Name, self()),
                    Self ! {registered, self(), Name},
                    receive stop -> ok end
                end)
          || I <- lists:seq(1, N)],
    Names = [receive {registered, P, Name} -> {P, Name} end || P <- Ps],
    Refs = [erlang:monitor(process, P) || P <- Ps],
    [P ! stop || P <- Ps],
    [receive {'DOWN', R, process, _, normal} -> ok end || R <- Refs],
    Left = [Name || {_, Name} <- Names, whereis(Name) =/= undefined],
    Listed = [Name || {_, Name} <- Names, lists:member(Name, registered())],
    {N, length(Left), length(Listed)}.

%% A ring of processes passing a token around several times.
ring(Size, Laps) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, Size)),
    First ! {token, 0},
    Count = lap(First, Laps, 0),
    First ! stop,
    receive stop -> Count end.

lap(_, 0, Count) -> Count;
lap(First, Laps, _) ->
    receive {token, C} -> First ! {token, C + 1}, lap(First, Laps - 1, C + 1) end.

relay(Next) ->
    receive
        {token, C} -> Next ! {token, C + 1}, relay(Next);
        stop -> Next ! stop
    end.

%% is_process_alive/1 after exit(P, kill) is false: the answer comes after
%% the caller's own exit signal.
alive_after_kill(N) ->
    Ps = [spawn(fun() -> receive _ -> ok end end) || _ <- lists:seq(1, N)],
    Alive = [begin exit(P, kill), is_process_alive(P) end || P <- Ps],
    {N, lists:usort(Alive)}.

%% process_info(P, message_queue_len) counts what the caller sent before.
info_sees_sent(N) ->
    Ps = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    Lens = [begin P ! a, P ! b, {message_queue_len, L} = process_info(P, message_queue_len), L end
            || P <- Ps],
    [exit(P, kill) || P <- Ps],
    {N, lists:usort(Lens)}.

wait_exits(0) -> ok;
wait_exits(N) -> receive {'EXIT', _, normal} -> wait_exits(N - 1) end.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

show(X) -> io:format("~p~n", [X]).
