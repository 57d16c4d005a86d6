// Bringing a selected row, block or box into view inside its own scrolling box: the least
// movement along each axis, the start first when the item is larger than the view.
import { describe, expect, it } from 'vitest';
import { nearestOffset } from '../../src/renderer/components/scroll-offset.js';

describe('nearestOffset', () => {
  it('does not move for an item already in view', () => {
    expect(nearestOffset(120, 160, 100, 400)).toBe(0);
    expect(nearestOffset(100, 400, 100, 400)).toBe(0);
  });

  it('moves back by the part above the view', () => {
    expect(nearestOffset(60, 90, 100, 400)).toBe(-40);
  });

  it('moves on by the part below the view', () => {
    expect(nearestOffset(380, 450, 100, 400)).toBe(50);
  });

  it('shows the start of an item taller than the view', () => {
    expect(nearestOffset(150, 900, 100, 400)).toBe(50);
    expect(nearestOffset(20, 900, 100, 400)).toBe(-80);
  });
});
