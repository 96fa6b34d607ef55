#pragma once

namespace queue::board {

class BoardModel;

// Fills a model with a made-up office (screenshots when no server answers, and demos):
// six windows (one paused, one closed), four topics, calls of which the two newest are fresh.
void loadSampleData(BoardModel *model, bool withCalls);
// The same office outside its hours: closed, every window closed, opening tomorrow at 08:00.
void loadClosedSampleData(BoardModel *model);

} // namespace queue::board
