%% flags: +S 4
%% Tables used by many processes on several schedulers at once: counters,
%% inserts and deletes of disjoint and shared keys, readers that must
%% never see half of an update, named tables made and deleted while others
%% look them up. Every result checks that nothing was lost.
-module(ets_concurrent).
-export([main/0]).
-import(diff_show, [show/1]).

-define(PROCS, 16).
-define(N, 2000).

main() ->
    [counters(Type) || Type <- [set, ordered_set]],
    [disjoint(Type) || Type <- [set, ordered_set, bag, duplicate_bag]],
    consistent_reads(),
    churn(),
    owners_die(),
    ok.

run_all(F) ->
    Self = self(),
    Pids = [spawn_link(fun() -> Self ! {done, self(), F(I)} end) || I <- lists:seq(1, ?PROCS)],
    [receive {done, P, R} -> R end || P <- Pids].

%% update_counter from every process on the same keys
counters(Type) ->
    T = ets:new(c, [Type, public, {write_concurrency, true}]),
    run_all(fun(_) ->
        [begin
             ets:update_counter(T, hits, 1, {hits, 0}),
             ets:update_counter(T, K rem 7, {2, K}, {K rem 7, 0})
         end || K <- lists:seq(1, ?N)],
        ok
    end),
    Expected = lists:sum(lists:seq(1, ?N)) * ?PROCS,
    Sum = lists:sum([V || {K, V} <- ets:tab2list(T), is_integer(K)]),
    show({Type, ets:lookup(T, hits), Sum =:= Expected}).

%% each process inserts its own keys, deletes half, and checks its view
disjoint(Type) ->
    T = ets:new(d, [Type, public]),
    Views = run_all(fun(I) ->
        Keys = [{I, K} || K <- lists:seq(1, 500)],
        ets:insert(T, [{Key, x} || Key <- Keys]),
        [ets:insert(T, {Key, y}) || Key <- Keys, Type =:= bag orelse Type =:= duplicate_bag],
        [ets:delete(T, Key) || {_, K} = Key <- Keys, K rem 2 =:= 0],
        length([ok || Key <- Keys, ets:member(T, Key)])
    end),
    Per = case Type of bag -> 500; duplicate_bag -> 500; _ -> 250 end,
    show({Type, lists:usort(Views) =:= [250], ets:info(T, size) =:= ?PROCS * Per}).

%% writers replace {k, N, N} objects; readers must see equal halves
consistent_reads() ->
    T = ets:new(r, [set, public, {read_concurrency, true}]),
    ets:insert(T, {k, 0, 0}),
    Self = self(),
    Writers = [spawn_link(fun() ->
        [ets:insert(T, {k, N, N}) || N <- lists:seq(1, ?N)],
        Self ! {wdone, self()}
    end) || _ <- lists:seq(1, 4)],
    Readers = [spawn_link(fun() ->
        Bad = length([x || _ <- lists:seq(1, ?N), [{k, A, B}] <- [ets:lookup(T, k)], A =/= B]),
        Self ! {rdone, self(), Bad}
    end) || _ <- lists:seq(1, 4)],
    [receive {wdone, P} -> ok end || P <- Writers],
    show({torn_reads, lists:sum([receive {rdone, P, B} -> B end || P <- Readers])}).

%% named tables made, used and deleted by many processes under one name
churn() ->
    Results = run_all(fun(I) ->
        Name = list_to_atom("churn_" ++ integer_to_list(I rem 4)),
        lists:foldl(fun(_, Acc) ->
            try ets:new(Name, [named_table, public]) of
                Name ->
                    ets:insert(Name, {I}),
                    Seen = ets:lookup(Name, I),
                    ets:delete(Name),
                    Acc + length(Seen)
            catch error:badarg -> Acc + 1
            end
        end, 0, lists:seq(1, 200))
    end),
    show({churn, Results =:= lists:duplicate(?PROCS, 200)}),
    show([N || N <- ets:all(), is_atom(N), lists:prefix("churn_", atom_to_list(N))]).

%% owners that die while others use their tables: the users see badarg,
%% never a crash, and no table is left behind
owners_die() ->
    Before = length(ets:all()),
    Self = self(),
    Users = [spawn_link(fun() ->
        Me = self(),
        Owner = spawn(fun() -> T = ets:new(o, [public]), Me ! {tab, self(), T}, receive _ -> ok end end),
        T = receive {tab, Owner, Tab} -> Tab end,
        ets:insert(T, [{K} || K <- lists:seq(1, 100)]),
        M = monitor(process, Owner),
        exit(Owner, kill),
        %% until the owner is gone the table may work or not; never crash
        _ = [try ets:insert(T, {x}), ets:lookup(T, 1) of _ -> ok catch error:badarg -> gone end
             || _ <- lists:seq(1, 200)],
        receive {'DOWN', M, process, Owner, _} -> ok end,
        Last = try ets:lookup(T, 1) of _ -> ok catch error:badarg -> gone end,
        Self ! {user, self(), Last}
    end) || _ <- lists:seq(1, 8)],
    show({owners_die, [receive {user, U, R} -> R end || U <- Users]}),
    show({tables_left, length(ets:all()) - Before}).
