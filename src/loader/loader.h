// The loader: turns a BeamFile (generic instructions) into a Module with
// threaded code (the interpreter's own instructions, operands decoded once)
// and installs it in the code index.
#pragma once

#include <string>

#include "beam/beam_file.h"
#include "code/module.h"

namespace girder {

// Loads a .beam image. On failure returns nullptr and sets error to a
// message naming the chunk/offset or the unsupported construct.
Module* load_module_image(const uint8_t* data, Uint size, const std::string& path,
                          std::string& error);

// Translates an already read BeamFile; installs it on success.
Module* load_beam_file(beam::BeamFile& bf, const std::string& path, std::string& error);

// Loading in two steps (erlang:prepare_loading/2, finish_loading/1): the
// image becomes a Module that is not in the code index yet; nullptr and
// error on failure.
std::unique_ptr<Module> prepare_module_image(const uint8_t* data, Uint size,
                                             const std::string& path, std::string& error);
std::unique_ptr<Module> prepare_beam_file(beam::BeamFile& bf, const std::string& path,
                                          std::string& error);
// Installs a prepared module as the current version (the current one
// becomes old) and points its exports at it.
Module* install_module(std::unique_ptr<Module> m);
// Points m's exports at m's code (BIF exports keep their stubs).
void point_exports(Module* m);

// Sets every export of a BIF to its stub (called once at start-up).
void install_bif_exports();

}  // namespace girder
