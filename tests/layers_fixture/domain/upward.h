// A domain header that includes an API header: the layer check refuses it.
#pragma once

#include "api/routes.h"
