%% Aliases and monitor/3: messages through an alias while it is active,
%% reply aliases, monitor aliases in each mode, tagged DOWN messages, and
%% send/3's options.
-module(aliases).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    Self = self(),
    A = alias(),
    spawn(fun() -> A ! {via, 1} end),
    show(receive {via, X} -> X end),
    show({unalias(A), unalias(A)}),
    spawn(fun() -> A ! {via, 2}, Self ! sent end),
    receive sent -> ok end,
    show(receive {via, _} = M -> M after 50 -> dropped end),
    %% a reply alias takes one message
    R = alias([reply]),
    spawn(fun() -> R ! r1, R ! r2, Self ! sent end),
    receive sent -> ok end,
    show(flush()),
    show(unalias(R)),
    %% a message to a reference that was never an alias is dropped
    make_ref() ! nobody,
    show(flush()),
    %% monitor/3 with {alias, reply_demonitor}: the first reply ends both
    {P1, _} = spawn_monitor(fun() -> receive {req, From} -> From ! {resp, 1}, From ! {resp, 2} end end),
    M1 = monitor(process, P1, [{alias, reply_demonitor}]),
    P1 ! {req, M1},
    show(receive {resp, V} -> V end),
    timer:sleep(20),
    show([element(1, Msg) || Msg <- flush()]),
    %% {alias, demonitor}: the alias ends with the monitor
    {P2, _} = spawn_monitor(fun() -> receive {req, From} -> From ! {resp, a}, receive again -> From ! {resp, b} end end end),
    M2 = monitor(process, P2, [{alias, demonitor}]),
    P2 ! {req, M2},
    show(receive {resp, V2} -> V2 end),
    show(demonitor(M2, [flush])),
    P2 ! again,
    timer:sleep(20),
    show([element(1, Msg) || Msg <- flush()]),
    show(unalias(M2)),
    %% {alias, explicit_unalias} outlives the monitor
    P3 = spawn(fun() -> ok end),
    M3 = monitor(process, P3, [{alias, explicit_unalias}]),
    show(receive {'DOWN', M3, process, P3, W3} -> W3 end),
    M3 ! still_here,
    show(receive still_here -> yes after 50 -> no end),
    show(unalias(M3)),
    %% tagged DOWN, also for noproc
    P4 = spawn(fun() -> receive stop -> ok end end),
    M4 = monitor(process, P4, [{tag, {my, tag}}]),
    exit(P4, kill),
    show(receive {{my, tag}, M4, process, P4, W4} -> W4 end),
    M5 = monitor(process, P4, [{tag, gone}]),
    show(receive {gone, M5, process, P4, W5} -> W5 end),
    %% bad options
    [err(fun() -> monitor(process, Self, O) end) || O <- [[bogus], [{alias, sometimes}], x]],
    err(fun() -> alias([bogus]) end),
    err(fun() -> unalias(not_a_ref) end),
    %% send/3
    show(erlang:send(Self, s1, [noconnect, nosuspend])),
    err(fun() -> erlang:send(Self, s2, [bad_opt]) end),
    show(flush()),
    ok.

flush() -> receive M -> [M | flush()] after 0 -> [] end.
