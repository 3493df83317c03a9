%% One account: a registered gen_server holding its balance. A withdrawal
%% that would overdraw is refused; `crash` makes it fail on purpose.
-module(bank_account).
-behaviour(gen_server).
-export([start_link/1, deposit/2, withdraw/2, balance/1, crash/1]).
-export([init/1, handle_call/3, handle_cast/2]).

start_link(Name) -> gen_server:start_link({local, Name}, ?MODULE, Name, []).

deposit(Name, Amount) -> gen_server:call(Name, {deposit, Amount}).
withdraw(Name, Amount) -> gen_server:call(Name, {withdraw, Amount}).
balance(Name) -> gen_server:call(Name, balance).
crash(Name) -> gen_server:cast(Name, crash).

init(Name) -> {ok, {Name, bank_ledger:balance(Name)}}.

handle_call({deposit, A}, _From, {Name, B}) when is_integer(A), A > 0 ->
    ok = bank_ledger:record(Name, A),
    {reply, {ok, B + A}, {Name, B + A}};
handle_call({withdraw, A}, _From, {Name, B}) when is_integer(A), A > 0, A =< B ->
    ok = bank_ledger:record(Name, -A),
    {reply, {ok, B - A}, {Name, B - A}};
handle_call({withdraw, _}, _From, State) ->
    {reply, {error, insufficient_funds}, State};
handle_call(balance, _From, {_, B} = State) ->
    {reply, B, State}.

handle_cast(crash, State) -> exit({crashed_on_purpose, State}).
