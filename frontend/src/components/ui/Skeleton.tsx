type SkeletonProps = {
  width?: string;
  height?: string;
};

/** A grey placeholder bar; purely visual, announce loading with text beside it. */
export function Skeleton({ width = "100%", height = "1rem" }: SkeletonProps) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}
