"""evidence-pack: turn a dispute's evidence folder into a pack a reviewer acts on."""

__version__ = "0.1.0"
TOOL_NAME = "evidence-pack"
