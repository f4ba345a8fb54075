"""chainkg: an open knowledge graph of Chinese industrial-chain policy.

Every curated fact carries evidence: a source id, character offsets and a short quote.
"""

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__", "analytics"]


def __getattr__(name: str):
    # The API pulls in pandas and the stores; import it only when asked for.
    if name == "KnowledgeGraph":
        from .api import KnowledgeGraph

        return KnowledgeGraph
    if name == "analytics":  # ``from chainkg import KnowledgeGraph, analytics``
        from .network import analytics

        return analytics
    raise AttributeError(name)
