%% process_flag(monitor_nodes, ...) and {monitor_nodes, Options}: counts per
%% kind of options, false clears a kind, bad options are badarg, and
%% net_kernel:monitor_nodes/1,2 (which global calls at boot) answer ok
%% without distribution.
-module(monitor_nodes_flag).
-export([main/0]).

-import(diff_show, [show/1, err/1]).

main() ->
    show([process_flag(monitor_nodes, true), process_flag(monitor_nodes, true),
          process_flag(monitor_nodes, false), process_flag(monitor_nodes, false)]),
    Cid = {monitor_nodes, #{connection_id => true}},
    show([process_flag(Cid, true), process_flag(Cid, true), process_flag({monitor_nodes, #{}}, true),
          process_flag({monitor_nodes, #{connection_id => false}}, true),
          process_flag({monitor_nodes, #{node_type => visible}}, true),
          process_flag({monitor_nodes, #{node_type => all, nodedown_reason => true}}, true),
          process_flag(Cid, false), process_flag(Cid, true)]),
    err(fun() -> process_flag({monitor_nodes, #{bad => 1}}, true) end),
    err(fun() -> process_flag({monitor_nodes, #{node_type => nope}}, true) end),
    err(fun() -> process_flag({monitor_nodes, [connection_id]}, true) end),
    err(fun() -> process_flag(monitor_nodes, maybe) end),
    show(net_kernel:monitor_nodes(true)),
    show(net_kernel:monitor_nodes(true, [connection_id, {node_type, all}])),
    show(net_kernel:monitor_nodes(true, #{connection_id => true})),
    show(net_kernel:monitor_nodes(false, #{connection_id => true})),
    %% a process's subscriptions go with it
    Self = self(),
    P = spawn(fun() -> Self ! {self(), process_flag(monitor_nodes, true)} end),
    receive {P, N} -> show(N) end,
    ok.
