# 1. Copie le dossier. 2. Ajoute une ligne à site/index.html.
