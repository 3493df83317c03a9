%% NIF resources as Erlang sees them, through prim_buffer handles: they are
%% references (type tests, term order against other types, equality and
%% hashing of copies, printing shape), survive messages, spawn arguments
%% and persistent_term, and term_to_binary/binary_to_term gives the
%% resource back while it lives and a plain reference after it is gone.
-module(resource_terms).
-export([main/0]).

p(Label, Value) -> io:format("~s: ~p~n", [Label, Value]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    B = prim_buffer:new(),
    p("is_reference", is_reference(B)),
    p("is_binary etc", {is_binary(B), is_tuple(B), is_pid(B), is_port(B), is_function(B)}),
    p("order", {B > 1, B > abc, B < fun() -> ok end, B < self(), B < {}, B < [], B < <<>>}),
    B2 = prim_buffer:new(),
    p("distinct", {B =:= B2, B == B2, B =/= B2}),
    p("printed", lists:prefix("#Ref<0.", lists:flatten(io_lib:format("~p", [B])))),
    p("printed w", lists:prefix("#Ref<0.", lists:flatten(io_lib:format("~w", [B])))),
    p("ref_to_list", lists:prefix("#Ref<0.", erlang:ref_to_list(B))),
    ok = prim_buffer:write(B, [<<"hello">>]),
    %% a message to oneself
    self() ! {buf, B},
    B3 = receive {buf, X} -> X end,
    p("message copy", {B3 =:= B, erlang:phash2(B3) =:= erlang:phash2(B), prim_buffer:size(B3)}),
    %% another process uses it (a spawn argument) and answers through it
    Self = self(),
    spawn(fun() -> ok = prim_buffer:write(B, [<<" world">>]), Self ! done end),
    receive done -> ok end,
    p("shared", prim_buffer:read(B, prim_buffer:size(B))),
    %% the external format: a reference of this node
    Ext = term_to_binary(B),
    RefExt = term_to_binary(make_ref()),
    p("encoded like a ref", {byte_size(Ext) =:= byte_size(RefExt), binary:first(Ext), binary:at(Ext, 1)}),
    B4 = binary_to_term(Ext),
    ok = prim_buffer:write(B4, [<<"again">>]),
    p("decoded while alive", {B4 =:= B, prim_buffer:size(B)}),
    p("decoded in a map key", maps:get(binary_to_term(term_to_binary(B)), #{B => found})),
    %% kept by persistent_term after its maker is gone
    {Pid, Mon} = spawn_monitor(fun() ->
                                       P = prim_buffer:new(),
                                       ok = prim_buffer:write(P, [<<"kept">>]),
                                       persistent_term:put({?MODULE, buf}, P)
                               end),
    receive {'DOWN', Mon, process, Pid, _} -> ok end,
    Kept = persistent_term:get({?MODULE, buf}),
    p("persistent_term keeps it", prim_buffer:read(Kept, 4)),
    persistent_term:erase({?MODULE, buf}),
    %% encoded in a process that then exits: the resource is gone with
    %% it, and the same bytes decode as a plain reference
    Gone = gone_ext(),
    R = binary_to_term(Gone),
    p("decoded after death", {is_reference(R), t(fun() -> prim_buffer:size(R) end)}),
    p("decoded equal", R =:= binary_to_term(Gone)),
    ok.

gone_ext() ->
    Self = self(),
    {Pid, Mon} = spawn_monitor(fun() -> Self ! {ext, term_to_binary(prim_buffer:new())} end),
    receive {'DOWN', Mon, process, Pid, _} -> ok end,
    wait_gone(receive {ext, E} -> E end).

%% The process's heap may be freed a moment after its DOWN: look until the
%% resource is gone.
wait_gone(Ext) ->
    case catch prim_buffer:size(binary_to_term(Ext)) of
        {'EXIT', _} -> Ext;
        _ -> erlang:yield(), wait_gone(Ext)
    end.
