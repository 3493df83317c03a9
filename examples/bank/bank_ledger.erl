%% The ledger: every movement, in order, in an ETS table it owns; accounts
%% read their balance from it when they (re)start.
-module(bank_ledger).
-behaviour(gen_server).
-export([start_link/0, record/2, balance/1, history/1]).
-export([init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

record(Name, Amount) -> gen_server:call(?MODULE, {record, Name, Amount}).
balance(Name) -> lists:sum(history(Name)).
history(Name) -> [A || {_, N, A} <- lists:sort(ets:tab2list(?MODULE)), N =:= Name].

init([]) ->
    ets:new(?MODULE, [ordered_set, protected, named_table]),
    {ok, 0}.

handle_call({record, Name, Amount}, _From, Seq) ->
    true = ets:insert(?MODULE, {Seq, Name, Amount}),
    {reply, ok, Seq + 1}.

handle_cast(_Msg, Seq) -> {noreply, Seq}.
