%% Owner death and heirs: the heir gets 'ETS-TRANSFER' before the owner's
%% 'DOWN' and 'EXIT', a table whose heir is dead (or is the owner) dies
%% with its owner, heirs can pass a table on, give_away and setopts, and a
%% named table's transfer names it by its name.
-module(ets_heir).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    process_flag(trap_exit, true),
    Self = self(),
    %% the heir is told before anyone hears of the death
    Owner = spawn_link(fun() ->
        T = ets:new(t, [public, {heir, Self, {data, <<"a binary over sixty-four bytes long, kept off heap while stored">>}}]),
        ets:insert(T, {k, 1}),
        Self ! {tab, T},
        receive die -> exit(died) end
    end),
    Mon = monitor(process, Owner),
    T1 = receive {tab, X} -> X end,
    Owner ! die,
    show(first_three()),
    show(ets:info(T1, owner) =:= Self),
    show(ets:lookup(T1, k)),
    %% the heir stays the heir of its own table: it dies with it next
    show(ets:info(T1, heir) =:= Self),
    _ = Mon,
    %% a heir that is dead when the owner dies: the table goes
    Heir = spawn(fun() -> ok end),
    wait_dead(Heir),
    O2 = spawn(fun() -> T = ets:new(t2, [named_table, public, {heir, Heir, x}]), Self ! made, receive die -> ok end, T end),
    receive made -> ok end,
    show(ets:info(t2, heir)),
    O2 ! die, wait_dead(O2),
    show(ets:info(t2)),
    %% a heir dying before the owner: the table dies with the owner
    H3 = spawn(fun() -> receive die -> ok end end),
    O3 = spawn(fun() -> ets:new(t3, [named_table, public, {heir, H3, x}]), Self ! made, receive die -> ok end end),
    receive made -> ok end,
    show(is_pid(ets:info(t3, heir))),
    H3 ! die, wait_dead(H3),
    O3 ! die, wait_dead(O3),
    show(ets:info(t3)),
    %% a chain: owner -> heir A, who sets heir B and dies -> B
    B = spawn(fun() -> receive {'ETS-TRANSFER', Tab, _, D} -> Self ! {b_got, Tab, D, ets:info(Tab, owner) =:= self()}, receive die -> ok end end end),
    A = spawn(fun() ->
        receive {'ETS-TRANSFER', Tab, _, D} ->
            Self ! {a_got, Tab, D},
            ets:setopts(Tab, {heir, B, from_a}),
            receive die -> ok end
        end
    end),
    O4 = spawn(fun() -> ets:new(t4, [named_table, {heir, A, from_owner}]), ets:insert(t4, {x, 1}), Self ! made, receive die -> ok end end),
    receive made -> ok end,
    O4 ! die,
    show(receive {a_got, Ta, Da} -> {Ta, Da} end),
    A ! die,
    show(receive {b_got, Tb, Db, IsOwner} -> {Tb, Db, IsOwner} end),
    show(ets:lookup(t4, x)),
    B ! die, wait_dead(B),
    show(ets:info(t4)),
    %% give_away: the receiver is told; errors for self, the dead, a non-owner
    T5 = ets:new(t5, []),
    R = spawn(fun() -> receive {'ETS-TRANSFER', Tab, From, Gift} -> Self ! {got, Tab =:= T5, From =:= Self, Gift}, receive die -> ok end end end),
    err(fun() -> ets:give_away(T5, self(), g) end),
    err(fun() -> ets:give_away(T5, Heir, g) end),
    err(fun() -> ets:give_away(T5, not_a_pid, g) end),
    show(ets:give_away(T5, R, {gift, [1, 2]})),
    show(receive {got, G1, G2, G3} -> {G1, G2, G3} end),
    err(fun() -> ets:give_away(T5, R, again) end),
    err(fun() -> ets:setopts(T5, {heir, none}) end),
    R ! die, wait_dead(R),
    err(fun() -> ets:info(T5, size) end),
    show(ets:info(T5)),
    %% setopts forms
    T6 = ets:new(t6, []),
    show(ets:setopts(T6, [{heir, self(), d}, {protection, public}])),
    show({ets:info(T6, heir) =:= self(), ets:info(T6, protection)}),
    show(ets:setopts(T6, {heir, none})),
    show(ets:info(T6, heir)),
    err(fun() -> ets:setopts(T6, {heir, self()}) end),
    err(fun() -> ets:setopts(T6, [{protection, secret}]) end),
    err(fun() -> ets:setopts(T6, [{heir, none} | x]) end),
    show(ets:setopts(T6, [])),
    %% a table whose heir is its owner dies with the owner
    O7 = spawn(fun() -> ets:new(t7, [named_table, public]), ets:setopts(t7, {heir, self(), x}), Self ! made, receive die -> ok end end),
    receive made -> ok end,
    O7 ! die, wait_dead(O7),
    show(ets:info(t7)),
    show(lists:sort([N || N <- ets:all(), is_atom(N), lists:member(N, [t2, t3, t4, t5, t6, t7])])),
    ok.

first_three() ->
    [receive M -> strip(M) end || _ <- [1, 2, 3]].

strip({'ETS-TRANSFER', T, _From, Data}) when is_reference(T) -> {'ETS-TRANSFER', ref, Data};
strip({'DOWN', _, process, _, R}) -> {'DOWN', R};
strip({'EXIT', _, R}) -> {'EXIT', R};
strip(M) -> M.

wait_dead(P) ->
    M = monitor(process, P),
    receive {'DOWN', M, process, P, _} -> ok end.
