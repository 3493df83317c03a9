%% The top supervisor: the ledger, then one worker per account (one_for_one:
%% an account that crashes is restarted alone, with its balance from the
%% ledger).
-module(bank_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).

start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    {ok, Accounts} = application:get_env(bank, accounts),
    Ledger = #{id => bank_ledger, start => {bank_ledger, start_link, []}},
    Workers = [#{id => Name, start => {bank_account, start_link, [Name]}} || Name <- Accounts],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10}, [Ledger | Workers]}}.
