"""The graph as a network: networkx export (GraphML, GEXF, JSON, CSV), analytics and the
offline HTML view."""
