%% The demo's driver: starts the bank application (a supervision tree of
%% a ledger and three accounts), moves money, crashes an account and
%% shows that its supervisor restarted it with its balance, then stops the
%% application.
-module(bank).
-export([main/0]).

main() ->
    %% crash reports would carry pids and times: keep the output stable
    logger:set_primary_config(level, none),
    {ok, Started} = application:ensure_all_started(bank),
    io:format("started: ~p~n", [Started]),
    io:format("children: ~p~n", [[Id || {Id, _, _, _} <- lists:sort(supervisor:which_children(bank_sup))]]),
    [{ok, _} = bank_account:deposit(N, 100) || N <- [alice, bob, carol]],
    io:format("alice withdraws 30: ~p~n", [bank_account:withdraw(alice, 30)]),
    io:format("bob withdraws 500: ~p~n", [bank_account:withdraw(bob, 500)]),
    Old = whereis(carol),
    Ref = monitor(process, Old),
    bank_account:crash(carol),
    receive {'DOWN', Ref, process, Old, Why} -> io:format("carol crashed: ~p~n", [element(1, Why)]) end,
    wait_restart(carol, Old),
    io:format("carol restarted: ~p, balance ~p~n", [whereis(carol) =/= Old, bank_account:balance(carol)]),
    io:format("balances: ~p~n", [[{N, bank_account:balance(N)} || N <- [alice, bob, carol]]]),
    io:format("alice's ledger: ~p~n", [bank_ledger:history(alice)]),
    io:format("active children after the restart: ~p~n", [proplists:get_value(active, supervisor:count_children(bank_sup))]),
    ok = application:stop(bank),
    io:format("stopped; bank_sup alive: ~p~n", [whereis(bank_sup) =/= undefined]).

wait_restart(Name, Old) ->
    case whereis(Name) of
        P when is_pid(P), P =/= Old -> ok;
        _ -> receive after 10 -> wait_restart(Name, Old) end
    end.
