# Crée la branche, commite footer.html, reviens sur main et fusionne.
