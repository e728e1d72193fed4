"""Individual learning plans («индивидуальный учебный план», ИУП)."""
